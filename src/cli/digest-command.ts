// `healthnews digest`: preview the daily digest (--dry-run, touching no state) or post one now for
// every subscribed channel (--post: the scheduler's code path, state and settings).
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import type { Article } from '../pages/article.ts';
import { createDigestService } from '../digest/digest-service.ts';
import { planDigest, type RunReport } from '../digest/digest-run.ts';
import { groupByRegion, selectSince, selectUnsent } from '../digest/select-articles.ts';
import { cadenceLabel, nextSlot } from '../digest/cadence.ts';
import { describeRegions, parseRegionNames, RegionNameError, resolveSeededSubscriptions } from '../digest/subscriptions.ts';
import { describeTopics } from '../digest/topics.ts';
import { createWorkingCalendar } from '../digest/working-calendar.ts';
import type { RegionFilter } from '../regions/region-filter.ts';
import type { DigestMessages } from '../digest/digest-ports.ts';
import { digestMessages } from '../slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../slack/blocks/message.ts';
import { createStatePacedPoster } from '../slack/post-digest.ts';
import { openStateStore } from '../store/open-state-store.ts';
import type { Cadence } from '../store/subscription-store.ts';
import { EXIT, parseCommandArgs, type CliCommand, type CliIO } from './cli-io.ts';
import { readCorpusOrExplain, seedsDirFor } from './seeds-option.ts';

export const DIGEST_USAGE = `Usage: healthnews digest --dry-run [--json] [--seeds DIR] [--since YYYY-MM-DD] [--regions 四川,广东]
       healthnews digest --post [--seeds DIR]

--dry-run  prints the message(s) the next digest would post, without posting or changing any state.
           Without --since/--regions: per subscribed channel (the state and DIGEST_CHANNELS)
           its regions, topics and cadence, when its next digest is due by that cadence, and
           what it would post then from the articles there now; or an every-region first digest
           when no channel is subscribed. With them: one digest of those regions' articles since
           that day.
--post     posts one digest now to every subscribed channel, exactly as the scheduled run does
           (same state: DATABASE_URL, else DATA_DIR; same .env settings; needs SLACK_BOT_TOKEN),
           paced together with any bot running on that state. Channels get only articles they
           have not had; running it again right away posts nothing.

Options:
  --json           with --dry-run: print {"channels": [{"channel", "regions", "topics", "cadence",
                   "nextSlot"}], "messages": [{"channel", "thread", "text", "blocks"}]}
                   ("thread": true for replies posted under the message before them)
  --seeds DIR      pages folder (default: SEEDS_DIR, else ./seeds)
  --since DATE     with --dry-run: articles dated DATE (YYYY-MM-DD) or later
  --regions LIST   with --dry-run: region names joined by commas (四川,广东); default every region
  -h, --help       this help`;

interface PreviewMessage extends SlackMessage {
  channel: string | null;
  thread: boolean;
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`healthnews digest: ${message}\n\n${DIGEST_USAGE}\n`);
  return EXIT.usage;
}

function flatten(channel: string | null, messages: DigestMessages<SlackMessage>): PreviewMessage[] {
  return [
    { channel, thread: false, ...messages.top },
    ...messages.replies.map((reply) => ({ channel, thread: true, ...reply })),
  ];
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One subscribed channel in a dry run: what it gets and when its next digest is due. */
export interface PreviewChannel {
  channel: string;
  regions: string;
  topics: string | null;
  cadence: Cadence;
  /** ISO time of the next slot by the channel's cadence, or null when none is due in the next 45 days. */
  nextSlot: string | null;
}

/** `C0123  四川、广东 · 话题 电子病历 · 每周 · next 2024-10-14 09:00 (Asia/Shanghai): 3 article(s)`. */
function channelLine(channel: PreviewChannel, timezone: string, articles: number): string {
  const when = channel.nextSlot ? `${formatInZone(new Date(channel.nextSlot), timezone)} (${timezone})` : 'none in the next 45 days';
  const what = articles > 0 ? `${articles} article(s)` : 'nothing new';
  return `${channel.channel}  ${channel.regions}${channel.topics ? ` · 话题 ${channel.topics}` : ''} · ${cadenceLabel(channel.cadence)} · next ${when}: ${what}`;
}

function formatInZone(time: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(time)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A terminal rendering of Block Kit messages: headers, sections and context as plain lines. */
export function renderPreview(messages: readonly PreviewMessage[], labels: ReadonlyMap<string | null, string>): string {
  if (messages.length === 0) return 'nothing new: no digest would be posted\n';
  const out: string[] = [];
  for (const message of messages) {
    const who = message.channel ? `channel ${message.channel}` : 'preview';
    const label = labels.get(message.channel);
    out.push(`── ${who}${label ? ` (${label})` : ''} · ${message.thread ? 'thread reply' : 'message'} ──`);
    for (const block of message.blocks) {
      if (block.type === 'header') out.push(block.text.text, '');
      else if (block.type === 'section') out.push(unescape(block.text?.text ?? ''), '');
      else if (block.type === 'context') out.push(...block.elements.map((e) => unescape('text' in e ? e.text : '')), '');
      else out.push('────────', '');
    }
  }
  return `${out.join('\n')}\n`;
}

async function dryRun(
  io: CliIO,
  options: { json: boolean; seeds: string | undefined; since: string | undefined; regions: string | undefined },
): Promise<number> {
  const config: Readonly<Config> = loadConfig(io.env, { requireSlack: false, cwd: io.cwd });
  let filters: RegionFilter[] = [];
  if (options.regions !== undefined) {
    try {
      filters = parseRegionNames(options.regions);
    } catch (error) {
      if (error instanceof RegionNameError) return usageError(io, `--regions: ${error.message}`);
      throw error;
    }
  }
  if (options.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.since)) {
    return usageError(io, `--since "${options.since}" is not a date; use YYYY-MM-DD, e.g. --since 2014-11-01`);
  }
  const corpus = await readCorpusOrExplain([seedsDirFor(options.seeds, io)], io, 'digest');
  if (!corpus) return EXIT.failed;
  const articles = corpus.articles;
  const messages: PreviewMessage[] = [];
  const labels = new Map<string | null, string>();
  const channels: PreviewChannel[] = [];
  const channelLines: string[] = [];

  if (options.since !== undefined || options.regions !== undefined) {
    const chosen: Article[] =
      options.since !== undefined ? selectSince(articles, filters, options.since) : selectUnsent(articles, filters, new Set(), { baseline: true }).articles;
    labels.set(null, describeRegions(filters));
    if (chosen.length > 0) messages.push(...flatten(null, digestMessages({ groups: groupByRegion(chosen) })));
  } else {
    const seeded = resolveSeededSubscriptions(config.digest.channels);
    // Read only: a preview must not create, migrate or change the state.
    const store = await openStateStore(config, { readonly: true });
    try {
      const stored = store ? await store.subscriptions.list() : [];
      const deliveries = store?.deliveries ?? null;
      // What the next start would have: stored subscriptions, with DIGEST_CHANNELS applied on top.
      type Planned = { channel: string; regions: RegionFilter[]; topics: string[]; cadence: Cadence; baselinePending: boolean };
      const byChannel = new Map<string, Planned>();
      for (const sub of stored) if (sub.source === 'command' || seeded.some((e) => e.channel === sub.channel)) byChannel.set(sub.channel, sub);
      for (const entry of seeded) {
        const existing = stored.find((s) => s.channel === entry.channel);
        if (!existing) byChannel.set(entry.channel, { ...entry, baselinePending: true });
        else if (existing.source === 'env') byChannel.set(entry.channel, { ...existing, regions: entry.regions, topics: entry.topics, cadence: entry.cadence });
      }
      const subscriptions = [...byChannel.values()];
      if (subscriptions.length === 0) {
        labels.set(null, 'no channel subscribed: every region, as a first digest');
        const { messages: planned } = planDigest(articles, { regions: [], baselinePending: true }, new Set(), digestMessages);
        if (planned) messages.push(...flatten(null, planned));
      }
      const calendar = createWorkingCalendar({ warn: (line) => io.stderr(`${line}\n`) });
      const now = new Date();
      for (const sub of subscriptions) {
        const next = nextSlot(sub.cadence, config.digest.cron, config.digest.timezone, now, calendar);
        const channel: PreviewChannel = {
          channel: sub.channel,
          regions: describeRegions(sub.regions),
          topics: describeTopics(sub.topics),
          cadence: sub.cadence,
          nextSlot: next?.toISOString() ?? null,
        };
        channels.push(channel);
        const handled = (await deliveries?.handledArticles(sub.channel)) ?? new Set<string>();
        const { selection, messages: planned } = planDigest(articles, sub, handled, digestMessages);
        channelLines.push(channelLine(channel, config.digest.timezone, selection.articles.length));
        labels.set(sub.channel, channelLine(channel, config.digest.timezone, selection.articles.length).slice(sub.channel.length).trim());
        if (planned) messages.push(...flatten(sub.channel, planned));
      }
    } finally {
      await store?.close();
    }
  }
  if (options.json) io.stdout(`${JSON.stringify(channels.length > 0 ? { channels, messages } : { messages }, null, 2)}\n`);
  else io.stdout(`${channelLines.length > 0 ? `${channelLines.join('\n')}\n\n` : ''}${renderPreview(messages, labels)}`);
  return EXIT.ok;
}

function describeReport(report: RunReport): string {
  const lines = [`digest ${report.slotId}:`];
  if (report.channels.length === 0) lines.push('  no subscribed channels (set DIGEST_CHANNELS or use /healthnews subscribe)');
  for (const c of report.channels) {
    const what =
      c.outcome === 'sent' ? `sent ${c.articles} article(s)` : c.outcome === 'empty' ? 'nothing new, nothing posted' : `${c.outcome}${c.detail ? `: ${c.detail}` : ''}`;
    lines.push(`  ${c.channel}  ${what}`);
  }
  if (report.aborted) lines.push(`stopped early: ${report.aborted}`);
  return `${lines.join('\n')}\n`;
}

async function post(io: CliIO, seeds: string | undefined): Promise<number> {
  const config: Readonly<Config> = loadConfig(io.env, { requireSlack: true, cwd: io.cwd });
  // Before anything is opened or written: a bad region name stops here, naming the entry.
  resolveSeededSubscriptions(config.digest.channels);
  const logger = createLogger(config.logLevel, (line) => io.stderr(`${line}\n`));
  const corpus = await readCorpusOrExplain([seeds !== undefined ? seedsDirFor(seeds, io) : config.seedsDir], io, 'digest');
  if (!corpus) return EXIT.failed;
  const store = await openStateStore(config, { onWarning: (line) => logger.warn(line) });
  try {
    // Paced together with any running bot on the same state: Slack's workspace limit is shared.
    const poster = createStatePacedPoster(config.slack!, store.postPace, logger);
    const service = await createDigestService({ config, store, articles: () => corpus.articles, render: digestMessages, poster, logger });
    const report = await service.runNow();
    io.stdout(describeReport(report));
    const failed = report.aborted !== null || report.channels.some((c) => c.outcome === 'failed' || c.outcome === 'failed_permanent');
    return failed ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `healthnews digest …` — see {@link DIGEST_USAGE}. */
export const digestCommand: CliCommand = async (args, io) => {
  const parsed = parseCommandArgs('digest', DIGEST_USAGE, {
    args,
    strict: true,
    allowPositionals: false,
    options: {
      'dry-run': { type: 'boolean', default: false },
      post: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      seeds: { type: 'string' },
      since: { type: 'string' },
      regions: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }, io);
  if (!parsed) return EXIT.usage;
  const { values } = parsed;
  if (values.help) {
    io.stdout(`${DIGEST_USAGE}\n`);
    return EXIT.ok;
  }
  if (values['dry-run'] === values.post) return usageError(io, 'choose one of --dry-run or --post');
  if (values.post && (values.json || values.since !== undefined || values.regions !== undefined)) {
    return usageError(io, '--json, --since and --regions only apply to --dry-run');
  }
  if (values.post) return post(io, values.seeds);
  return dryRun(io, { json: values.json, seeds: values.seeds, since: values.since, regions: values.regions });
};
