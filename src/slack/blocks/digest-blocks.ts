// Block Kit for the daily digest: one top-level message with the regions that fit, and thread
// replies (one per region, split when a region is too big) for the rest, so every article appears
// exactly once and no message breaks a Block Kit limit. Implements the digest's renderer port.
import type { DigestContent, DigestMessages } from '../../digest/digest-ports.ts';
import type { DigestGroup } from '../../digest/select-articles.ts';
import type { Article } from '../../pages/article.ts';
import type { KnownBlock, SlackMessage } from './message.ts';
import { escapeAndTruncate, truncateGraphemes } from './mrkdwn.ts';

/** The limits the builder keeps to (Slack's, and a budget of its own for the total text); the tests check its output against Slack's published figures. */
export const DIGEST_LIMITS = Object.freeze({
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  /** Slack rejects messages with `msg_blocks_too_long` around 13k characters of block text; stay well under. */
  totalBlockText: 11_000,
  /** Top-level `text` is cut at 40k by Slack; ours is a short summary. */
  fallbackText: 3000,
  /** One article line's title, after escaping. */
  titleChars: 200,
});

const THREAD_NOTE_RESERVE = 600; // room kept in the top message for the "more in the thread" note

function articleLine(article: Article): string {
  const title = escapeAndTruncate(article.title, DIGEST_LIMITS.titleChars);
  return `• ${title}  ${article.date ?? '日期不详'}`;
}

/** Bold markers pressed against CJK text may not render, so the heading keeps spaces around them. */
function groupHeading(label: string, count: number, continued: boolean): string {
  return `*${escapeAndTruncate(label, 60)}* ${continued ? '（续）' : ''} ${count} 篇`.replace(/ {2,}/g, ' ');
}

/** Splits one group into section texts of at most `sectionText` chars, the heading on the first. */
function groupSections(group: DigestGroup, continued: boolean): string[] {
  const sections: string[] = [];
  let current = groupHeading(group.label, group.articles.length, continued);
  for (const article of group.articles) {
    const line = articleLine(article);
    if (current.length + 1 + line.length > DIGEST_LIMITS.sectionText) {
      sections.push(current);
      current = line;
    } else {
      current += `\n${line}`;
    }
  }
  sections.push(current);
  return sections;
}

function section(text: string): KnownBlock {
  // verbatim: Slack does not turn URLs or channel names in article titles into links.
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

/** Characters of text a block carries (what `msg_blocks_too_long` counts); the digest builds only these four kinds. */
export function blockTextLength(block: KnownBlock): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return block.text?.text.length ?? 0;
    case 'context':
      return block.elements.reduce((sum, e) => sum + ('text' in e ? e.text.length : 0), 0);
    default:
      return 0;
  }
}

function totalText(blocks: readonly KnownBlock[]): number {
  return blocks.reduce((sum, b) => sum + blockTextLength(b), 0);
}

function dateSpan(groups: readonly DigestGroup[]): string {
  const dates = groups.flatMap((g) => g.articles.map((a) => a.date)).filter((d): d is string => d !== null).sort();
  if (dates.length === 0) return '';
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  return first === last ? first : `${first} 至 ${last}`;
}

function fits(blocks: readonly KnownBlock[], extra: readonly KnownBlock[], reserveBlocks: number, reserveText: number): boolean {
  return (
    blocks.length + extra.length + reserveBlocks <= DIGEST_LIMITS.blocks &&
    totalText(blocks) + totalText(extra) + reserveText <= DIGEST_LIMITS.totalBlockText
  );
}

/** Packs one group into as many thread replies as it needs, each within every limit. */
function groupReplies(group: DigestGroup): SlackMessage[] {
  const replies: SlackMessage[] = [];
  let blocks: KnownBlock[] = [];
  let replyArticles = 0;
  let filling: string | null = null; // the section being filled
  let sectionArticles = 0;
  const replyText = () => totalText(blocks) + (filling?.length ?? 0);
  const closeSection = () => {
    if (filling === null) return;
    blocks.push(section(filling));
    replyArticles += sectionArticles;
    filling = null;
    sectionArticles = 0;
  };
  const closeReply = () => {
    closeSection();
    if (blocks.length === 0) return;
    const continued = replies.length > 0;
    replies.push({
      text: truncateGraphemes(`${group.label}${continued ? '（续）' : ''}：${replyArticles} 篇`, DIGEST_LIMITS.fallbackText),
      blocks,
    });
    blocks = [];
    replyArticles = 0;
  };
  for (const article of group.articles) {
    const line = articleLine(article);
    if (filling !== null) {
      const grown = filling.length + 1 + line.length;
      if (grown <= DIGEST_LIMITS.sectionText && replyText() + 1 + line.length <= DIGEST_LIMITS.totalBlockText) {
        filling += `\n${line}`;
        sectionArticles++;
        continue;
      }
      closeSection();
    }
    // Start a section: in this reply if a block and the text still fit, else in a new reply.
    if (blocks.length + 1 > DIGEST_LIMITS.blocks || replyText() + line.length > DIGEST_LIMITS.totalBlockText) closeReply();
    filling = blocks.length === 0 ? `${groupHeading(group.label, group.articles.length, replies.length > 0)}\n${line}` : line;
    sectionArticles = 1;
  }
  closeReply();
  return replies;
}

/**
 * Lays out a digest. Groups go into the top message in order while they fit whole; from the first
 * that does not, each remaining group becomes one thread reply (or several, if too big for one).
 * Every article appears exactly once across `top` and `replies`.
 *
 * @example
 * const { top, replies } = digestMessages({ groups: [{ label: '四川', articles }] });
 * // top.blocks[0] is the header `健康信息化地方新闻 · 2014-11-06`; replies is [] when everything fits
 */
export function digestMessages(content: DigestContent): DigestMessages<SlackMessage> {
  const groups = content.groups.filter((g) => g.articles.length > 0);
  const total = groups.reduce((sum, g) => sum + g.articles.length, 0);
  const span = dateSpan(groups);
  // Plain text: Slack shows a header as typed, so topics need no escaping there.
  const about = content.topics ? ` · ${content.topics}` : '';
  const header: KnownBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncateGraphemes(`健康信息化地方新闻${about}${span ? ` · ${span}` : ''}`, DIGEST_LIMITS.headerText), emoji: false },
  };
  const summary = groups.map((g) => `${escapeAndTruncate(g.label, 60)} ${g.articles.length}`).join(' · ');
  const context: KnownBlock = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: escapeAndTruncate(`${total} 篇新文章：`, 100) + truncateGraphemes(summary, 1800), verbatim: true }],
  };
  const blocks: KnownBlock[] = [header, context];
  const inTop: DigestGroup[] = [];
  let firstOverflow = groups.length;
  for (const [i, group] of groups.entries()) {
    const sections = groupSections(group, false).map(section);
    // Keep room for the divider and the note that points to the thread.
    if (!fits(blocks, sections, 2, THREAD_NOTE_RESERVE)) {
      firstOverflow = i;
      break;
    }
    blocks.push(...sections);
    inTop.push(group);
  }
  const overflow = groups.slice(firstOverflow);
  if (overflow.length > 0) {
    const names = overflow.map((g) => `${escapeAndTruncate(g.label, 60)} ${g.articles.length}`).join('、');
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncateGraphemes(`更多地区在本消息的线程里：${names}`, THREAD_NOTE_RESERVE), verbatim: true }],
    });
  }
  const fallback = truncateGraphemes(
    `健康信息化地方新闻${about}${span ? ` ${span}` : ''}：${total} 篇新文章（${groups.map((g) => `${g.label} ${g.articles.length}`).join('，')}）`,
    DIGEST_LIMITS.fallbackText,
  );
  return { top: { text: fallback, blocks }, replies: overflow.flatMap(groupReplies) };
}
