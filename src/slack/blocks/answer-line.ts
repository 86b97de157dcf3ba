// The answer line as Block Kit: for a question, the first block of the results is the sentence
// that answers it (taken word for word from the best article's summary), the article it comes
// from, and for a "where" question the regions among the results. Everything from the article
// is escaped; the whole block stays far inside Slack's section limit.
import { regionsText, widenedText } from '../../search/answer-line.ts';
import type { SearchResponse } from '../../search/search-types.ts';
import { regionLabel } from '../../regions/region-filter.ts';
import type { KnownBlock } from './message.ts';
import { escapeAndTruncate } from './mrkdwn.ts';

/** Longest article title named under the answer. */
const MAX_NAMED_TITLE = 80;

/**
 * The answer line blocks: none without an answer, else one section quoting the sentence, naming
 * its article and (for "where") listing the regions, and a note when the region or time asked
 * for had nothing and was let go.
 *
 * @example answerLineBlocks(index.search('哪些地方发放了居民健康卡？'))
 * // → [{ type: 'section', text: { type: 'mrkdwn', text: '*答：* 陕西省将于…\n——《陕西:将于11月20日…》…\n陕西 · 四川 · 辽宁，共 4 篇' } }]
 */
export function answerLineBlocks(response: SearchResponse): KnownBlock[] {
  const { answer } = response;
  if (!answer) return [];
  const { article } = answer;
  const meta = [regionLabel(article.region), article.date ?? '日期不详'].join(' · ');
  const lines = [
    `*答：* ${escapeAndTruncate(answer.sentence, 400)}`,
    `——《${escapeAndTruncate(article.title, MAX_NAMED_TITLE)}》（${escapeAndTruncate(meta, 60)}）`,
  ];
  if (answer.regions && answer.regions.labels.length > 0) lines.push(`*地区：* ${escapeAndTruncate(regionsText(answer.regions), 300)}`);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n'), verbatim: true } }];
  const note = widenedText(response);
  if (note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeAndTruncate(note, 300), verbatim: true }] });
  return blocks;
}
