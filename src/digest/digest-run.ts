// One digest run for one slot: for every subscribed channel, claim the (slot, channel) delivery,
// settle any earlier attempt that may have reached Slack, work out what is new, post it and record
// it. The scheduler, the catch-up at start and `healthnews digest --post` all come through here.
// Several instances running the same slot share its channels through the claims; each waits for
// the channels another holds, so the slot is recorded done only when every channel is.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import PQueueModule from 'p-queue';
import type { Article } from '../pages/article.ts';
import type { Delivery, DeliveryPlan, RunKind } from '../store/delivery-store.ts';
import type { DeliveryStorage, SubscriptionStorage } from '../store/state-store.ts';
import type { Subscription } from '../store/subscription-store.ts';
import { DeliveryError, type DigestDelivery, type DigestMessages, type DigestRenderer } from './digest-ports.ts';
import { groupByRegion, selectUnsent, type DigestSelection } from './select-articles.ts';
import { isDueAt } from './cadence.ts';
import { describeTopics } from './topics.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

// p-queue 6 is CommonJS: under Node's ESM loader its default import is the exports object.
const PQueue = (PQueueModule as unknown as { default?: typeof PQueueModule }).default ?? PQueueModule;

/** A moment digests are due: a cron slot (`cron:<ISO>`), an instant minute (`instant:<ISO>`) or a manual run (`manual:<ISO>`). */
export interface Slot {
  id: string;
  time: Date;
  kind: RunKind;
}

/** The slot for a cron fire time; the id is what makes "one digest per channel per slot" checkable. */
export function cronSlot(time: Date, kind: 'scheduled' | 'catch-up'): Slot {
  return { id: `cron:${time.toISOString()}`, time, kind };
}

/**
 * The minute slot of `instant` channels: every process ticking in the same minute names the same
 * slot, so of two instances only one posts a minute's new articles.
 */
export function instantSlot(time: Date): Slot {
  const minute = new Date(Math.floor(time.getTime() / 60_000) * 60_000);
  return { id: `instant:${minute.toISOString()}`, time: minute, kind: 'instant' };
}

/** A slot of its own for `digest --post`, so a manual run never uses up the day's scheduled one. */
export function manualSlot(time: Date): Slot {
  return { id: `manual:${time.toISOString()}`, time, kind: 'manual' };
}

export type ChannelOutcome = 'sent' | 'empty' | 'skipped' | 'failed' | 'failed_permanent';

export interface ChannelReport {
  channel: string;
  outcome: ChannelOutcome;
  /** Articles sent (for `sent`). */
  articles: number;
  /** Why it failed or was skipped. */
  detail: string | null;
}

export interface RunReport {
  slotId: string;
  channels: ChannelReport[];
  /** Set when the run stopped early because of a token- or app-level error. */
  aborted: string | null;
}

export interface DigestRunDeps<Message> {
  subscriptions: Pick<SubscriptionStorage, 'list'>;
  deliveries: DeliveryStorage<Message>;
  /** The current articles (newest first), read when each channel is planned. */
  articles: () => readonly Article[];
  /** Lays out each channel's digest (slack/: `digestMessages`). */
  render: DigestRenderer<Message>;
  /** Posts it and finds earlier copies (slack/: `DigestPoster`). */
  poster: DigestDelivery<Message>;
  logger: Logger;
  /** Identifies this process in leases; default host:pid:random. */
  owner?: string;
  /** How long a claimed delivery stays ours without a heartbeat; default {@link DEFAULT_LEASE_MS}. */
  leaseMs?: number;
  /** The longest a run waiting for channels another instance holds goes without looking again; default {@link waitPollMs}. */
  pollMs?: number;
  /**
   * Aborted when the bot stops: a run waiting for another instance's channels stops waiting and
   * leaves the slot unfinished (that instance, or the next start's catch-up, finishes it).
   */
  signal?: AbortSignal;
  /** Channels served at once; default {@link DEFAULT_DIGEST_CONCURRENCY}. */
  concurrency?: number;
  /** China's working days, for `workdays` and `weekly` subscriptions; default the chinese-days schedule. */
  calendar?: WorkingCalendar;
}

// One default calendar per logger, so an uncovered year is logged once, not once per run.
const defaultCalendars = new WeakMap<Logger, WorkingCalendar>();
function calendarFor(deps: Pick<DigestRunDeps<unknown>, 'calendar' | 'logger'>): WorkingCalendar {
  if (deps.calendar) return deps.calendar;
  let calendar = defaultCalendars.get(deps.logger);
  if (!calendar) {
    calendar = createWorkingCalendar(deps.logger);
    defaultCalendars.set(deps.logger, calendar);
  }
  return calendar;
}

/**
 * A lease is renewed by the run's heartbeat every quarter of it and before every post, so it only
 * runs out when its instance is gone (killed, frozen, cut off): two minutes is how long the others
 * wait before taking over that instance's channels.
 */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/** How often a run waiting on another instance's channels looks again: a quarter lease, at most 5 s. */
export function waitPollMs(leaseMs: number): number {
  return Math.max(10, Math.min(5_000, Math.floor(leaseMs / 4)));
}

/**
 * Channels served at once. The poster's limiter, not this, sets the pace: with a 1 s gap between
 * posts in one channel, the channels with threads spend most of their time waiting out their gap,
 * so few in flight would leave the workspace rate unused. 64 keeps the rate the only bottleneck
 * (at Slack's 5 posts/s and well above) while bounding the leases held and the sockets open.
 */
export const DEFAULT_DIGEST_CONCURRENCY = 64;

/** A fresh owner id for leases: which host and process holds a delivery. */
export function leaseOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * What a channel's next digest would be: the selection and its messages (null when nothing is new).
 * Pure when `render` is; used by the run and by `digest --dry-run`.
 */
export function planDigest<Message>(
  articles: readonly Article[],
  subscription: Pick<Subscription, 'regions' | 'baselinePending'> & Partial<Pick<Subscription, 'topics'>>,
  handled: ReadonlySet<string>,
  render: DigestRenderer<Message>,
): { selection: DigestSelection; messages: DigestMessages<Message> | null } {
  const topics = subscription.topics ?? [];
  const selection = selectUnsent(articles, subscription.regions, handled, { baseline: subscription.baselinePending, topics });
  if (selection.articles.length === 0) return { selection, messages: null };
  return { selection, messages: render({ groups: groupByRegion(selection.articles), topics: describeTopics(topics) }) };
}

/** How long an instant channel whose delivery failed waits before the next try. */
export const INSTANT_RETRY_MS = 15 * 60_000;

/**
 * Instant channels found to have nothing new in a snapshot of the articles (the corpus hands out a
 * new array when pages change), by the subscription version checked. Nothing makes a channel's
 * articles unsent again, so "nothing new" holds until the pages or the subscription change; this
 * spares reading every channel's history each minute while the archive sits still.
 */
const quietInstantChannels = new WeakMap<DeliveryStorage<unknown>, WeakMap<readonly Article[], Map<string, string>>>();

function quietChannelsOf(deliveries: DeliveryStorage<unknown>, articles: readonly Article[]): Map<string, string> {
  let byArticles = quietInstantChannels.get(deliveries);
  if (!byArticles) {
    byArticles = new WeakMap();
    quietInstantChannels.set(deliveries, byArticles);
  }
  let quiet = byArticles.get(articles);
  if (!quiet) {
    quiet = new Map();
    byArticles.set(articles, quiet);
  }
  return quiet;
}

/**
 * The subscriptions that take part in `slot`: a manual run serves every channel; a cron slot the
 * `daily` ones and, on their days, the `workdays` and `weekly` ones; an instant minute the
 * `instant` ones with something to send (so a quiet minute writes nothing to the state).
 */
export async function subscriptionsInSlot(
  slot: Slot,
  subscriptions: readonly Subscription[],
  deps: Pick<DigestRunDeps<unknown>, 'deliveries' | 'articles' | 'calendar' | 'logger'>,
): Promise<Subscription[]> {
  if (slot.kind === 'manual') return [...subscriptions];
  if (slot.kind === 'instant') {
    const instant = subscriptions.filter((s) => s.cadence === 'instant');
    if (instant.length === 0) return [];
    const articles = deps.articles();
    const known = quietChannelsOf(deps.deliveries, articles);
    const takesPart = async (s: Subscription): Promise<boolean> => {
      const version = `${s.updatedAt}|${s.baselinePending}`;
      if (known.get(s.channel) === version) return false;
      // A channel whose last delivery failed (bot removed, channel archived, Slack down) is tried
      // again every INSTANT_RETRY_MS, not every minute: the error stays on its subscription meanwhile.
      if (s.lastErrorAt && slot.time.getTime() - new Date(s.lastErrorAt).getTime() < INSTANT_RETRY_MS) return false;
      // A delivery left half-done by a crash must be settled even when nothing is new.
      if ((await deps.deliveries.unresolved(s.channel, '')).resolvable.length > 0) return true;
      const handled = await deps.deliveries.handledArticles(s.channel);
      const pending = selectUnsent(articles, s.regions, handled, { baseline: s.baselinePending, topics: s.topics });
      if (pending.articles.length > 0) return true;
      known.set(s.channel, version);
      return false;
    };
    const taking = await Promise.all(instant.map(takesPart));
    return instant.filter((_, i) => taking[i]);
  }
  const calendar = calendarFor(deps);
  return subscriptions.filter((s) => s.cadence !== 'instant' && isDueAt(s.cadence, slot.time, calendar));
}

class LeaseLostError extends Error {}

/** How serving one channel ended: its report, and whether the whole run has to stop. */
interface ChannelResult {
  report: ChannelReport;
  /** Set for a token- or app-level failure (every channel would fail the same way): why the run stops. */
  stopRun: string | null;
  /** Another live instance holds this channel's delivery (or an earlier one here): look again later. */
  heldElsewhere?: true;
}

/**
 * Runs the digest of `slot` for every subscribed channel, several channels at once (the poster
 * paces the posts). One channel's failure is recorded and the others still run; only a token- or
 * app-level Slack error stops the run (every channel would fail the same way), leaving the rest
 * unclaimed for the next run. Channels are served one at a time until one has reached Slack
 * (posted, or been refused for a channel-level reason), so a revoked token costs one failed call,
 * not one per channel in flight. The report lists channels in subscription order.
 *
 * Channels another instance holds are looked at again (after 100 ms, doubling up to `pollMs`) until
 * they are finished (by it) or its lease runs out (it died: this run takes them over); only then is
 * the slot recorded done, so a slot whose catch-up finds it done really reached every channel.
 */
export async function runDigest<Message>(slot: Slot, deps: DigestRunDeps<Message>): Promise<RunReport> {
  const owner = deps.owner ?? leaseOwner();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, Math.floor(deps.concurrency ?? DEFAULT_DIGEST_CONCURRENCY));
  const { deliveries, logger } = deps;
  const report: RunReport = { slotId: slot.id, channels: [], aborted: null };
  const subscriptions = await subscriptionsInSlot(slot, await deps.subscriptions.list(), deps);
  // A quiet instant minute leaves no trace: no run row, no log line.
  if (slot.kind === 'instant' && subscriptions.length === 0) return report;
  await deliveries.startRun(slot.id, slot.kind, slot.time);
  const heartbeat = startHeartbeat(deliveries, owner, leaseMs, logger);
  let leftToOthers: number;
  try {
    leftToOthers = await serveChannels(slot, subscriptions, { ...deps, owner, leaseMs, concurrency }, report);
  } finally {
    heartbeat.stop();
  }
  const counts = new Map<string, number>();
  for (const c of report.channels) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
  const summary = [...counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ') || 'no subscribed channels';
  if (leftToOthers > 0 && !report.aborted) {
    // Stopped while waiting: the slot stays unfinished for the instance holding those channels, or for the next start.
    logger.info(`digest ${slot.id} (${slot.kind}): ${summary}; left ${leftToOthers} channel(s) to the instance holding them`);
    return report;
  }
  await deliveries.finishRun(slot.id, report.aborted ? 'failed' : 'done', report.aborted ? `${summary}; stopped: ${report.aborted}` : summary);
  logger.info(`digest ${slot.id} (${slot.kind}): ${summary}${report.aborted ? `; stopped: ${report.aborted}` : ''}`);
  return report;
}

/** The report's detail for a channel left to the live instance that holds it. */
const HELD_ELSEWHERE = 'another instance holds it';

/**
 * Renews every lease `owner` holds, every quarter lease, until stopped. One renewal at a time: while
 * the database is away (a restart) the pending one retries with backoff instead of piling up.
 */
function startHeartbeat(deliveries: DeliveryStorage<unknown>, owner: string, leaseMs: number, logger: Logger): { stop(): void } {
  let pending = false;
  const timer = setInterval(
    () => {
      if (pending) return;
      pending = true;
      deliveries
        .renewLeases(owner, leaseMs)
        .catch((error: unknown) => logger.warn(`digest: could not renew the leases of ${owner}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (pending = false));
    },
    Math.max(5, Math.floor(leaseMs / 4)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Sleeps `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Serves every channel of the slot into `report`: a first pass over all, then rounds for those
 * another instance held. Resolves with how many are still held elsewhere (when told to stop waiting).
 */
async function serveChannels<Message>(
  slot: Slot,
  subscriptions: readonly Subscription[],
  deps: DigestRunDeps<Message> & { owner: string; leaseMs: number; concurrency: number },
  report: RunReport,
): Promise<number> {
  const { owner, leaseMs, concurrency, logger } = deps;
  // Broadest subscriptions first (every region, then most regions): they get the longest threads,
  // and a long thread started last would leave the rate unused while it trickles out at 1/s.
  const breadth = (s: Subscription) => (s.regions.length === 0 ? Number.POSITIVE_INFINITY : s.regions.length);
  const order = subscriptions.map((_, i) => i).sort((a, b) => breadth(subscriptions[b]!) - breadth(subscriptions[a]!) || a - b);
  const results: Array<ChannelReport | undefined> = new Array(subscriptions.length);
  const queue = new PQueue({ concurrency: 1 });
  // The first accepted post proves the token: open up without waiting for the rest of its thread.
  const slackReached = () => {
    if (queue.concurrency < concurrency) queue.concurrency = concurrency;
  };
  const channelDeps: ChannelDeps<Message> = { ...deps, owner, leaseMs, posted: slackReached };
  /** Positions (into `subscriptions`) of channels another live instance held when last tried. */
  let held: number[] = [];
  const serve = (at: number) => {
    const subscription = subscriptions[at]!;
    void queue.add(async () => {
      if (report.aborted !== null) return;
      const result = await deliverToChannel(slot, subscription, channelDeps).catch((error: unknown): ChannelResult => {
        // deliverToChannel records its own failures; this is only a guard so one bug never stalls the run.
        logger.error(`digest ${slot.id}: ${subscription.channel}: unexpected error`, error);
        return { report: { channel: subscription.channel, outcome: 'failed', articles: 0, detail: String(error) }, stopRun: null };
      });
      results[at] = result.report;
      if (result.heldElsewhere) held.push(at);
      if (result.report.outcome === 'sent' || result.report.outcome === 'failed_permanent') slackReached();
      if (result.stopRun !== null && report.aborted === null) {
        report.aborted = result.stopRun;
        // The channels not started stay unclaimed for the next run; the ones in flight finish and are reported.
        queue.clear();
      }
    });
  };
  for (const at of order) serve(at);
  await queue.onIdle();
  // Channels another instance is delivering: wait for it to finish them, or take them over when its
  // lease runs out (it was killed). Each round tries every held channel once more.
  // Soon at first (a channel held elsewhere is usually one message from done), then every pollMs.
  const pollMs = deps.pollMs ?? waitPollMs(leaseMs);
  let wait = Math.min(100, pollMs);
  while (held.length > 0 && report.aborted === null && !deps.signal?.aborted) {
    await pause(wait, deps.signal);
    wait = Math.min(wait * 2, pollMs);
    if (deps.signal?.aborted) break;
    const again = held.sort((a, b) => a - b);
    held = [];
    for (const at of again) serve(at);
    await queue.onIdle();
  }
  for (const at of held) results[at] = { channel: subscriptions[at]!.channel, outcome: 'skipped', articles: 0, detail: HELD_ELSEWHERE };
  report.channels = results.filter((r): r is ChannelReport => r !== undefined);
  return held.length;
}

type ChannelDeps<Message> = DigestRunDeps<Message> & {
  owner: string;
  leaseMs: number;
  /** Called after every post Slack accepted. */
  posted: () => void;
};

async function deliverToChannel<Message>(slot: Slot, subscription: Subscription, deps: ChannelDeps<Message>): Promise<ChannelResult> {
  const { channel } = subscription;
  const { deliveries, logger, owner, leaseMs } = deps;
  const done = (outcome: ChannelOutcome, articles: number, detail: string | null): ChannelResult => ({
    report: { channel, outcome, articles, detail },
    stopRun: null,
  });
  const heldElsewhere = (detail: string): ChannelResult => ({ ...done('skipped', 0, detail), heldElsewhere: true });
  const claim = await deliveries.claim(slot.id, channel, owner, leaseMs);
  if (!claim.claimed) {
    return claim.reason === 'done' ? done('skipped', 0, `already ${claim.delivery.status}`) : heldElsewhere(HELD_ELSEWHERE);
  }
  const renew = async () => {
    if (!(await deliveries.renewLease(slot.id, channel, owner, leaseMs))) throw new LeaseLostError(`lost the lease on ${slot.id} ${channel}`);
  };
  try {
    // Earlier attempts (this slot's or older ones) that may be in Slack without being recorded.
    const { resolvable, leasedElsewhere } = await deliveries.unresolved(channel, owner);
    // Posting beside a delivery in progress would interleave two digests: wait for it (our claim is kept).
    if (leasedElsewhere.length > 0) return heldElsewhere(`another instance is still delivering ${leasedElsewhere[0]!.slotId} here`);
    for (const earlier of resolvable) {
      const settled = await settleEarlierAttempt(earlier, deps, renew);
      if (settled === 'held') return heldElsewhere(`another instance is settling ${earlier.slotId} here`);
      if (earlier.slotId === slot.id && settled === 'posted') {
        return done('sent', earlier.plan?.articleIds.length ?? 0, 'found in Slack after an interrupted run');
      }
    }
    const handled = await deliveries.handledArticles(channel);
    const { selection, messages } = planDigest(deps.articles(), subscription, handled, deps.render);
    if (!messages) {
      await deliveries.completeEmpty(slot.id, channel, selection.baselineIds);
      return done('empty', 0, null);
    }
    const plan: DeliveryPlan<Message> = {
      messages: [messages.top, ...messages.replies],
      articleIds: selection.articles.map((a) => a.id),
      baselineIds: selection.baselineIds,
    };
    await renew();
    await deliveries.startPosting(slot.id, channel, plan);
    await postParts({ slotId: slot.id, since: slot.time, channel, plan, renew }, deps);
    logger.info(`digest ${slot.id}: sent ${plan.articleIds.length} article(s) to ${channel} in ${plan.messages.length} message(s)`);
    return done('sent', plan.articleIds.length, null);
  } catch (error) {
    return await recordChannelFailure(slot.id, channel, error, deps);
  }
}

/** One delivery's posting job: what to post where, and what is already in Slack. */
interface PartsToPost<Message> {
  slotId: string;
  /** The slot's time: earlier copies are looked for from then on. */
  since: Date;
  channel: string;
  plan: DeliveryPlan<Message>;
  /** The top-level message's ts when it is already in Slack. */
  existingTs?: string;
  /** Parts already in Slack (0 = top), skipped. */
  present?: ReadonlySet<number>;
  /** Renews the lease; rejects when it was lost. */
  renew: () => Promise<void>;
}

/** Posts the parts of the plan not yet in Slack, recording progress after each, then records the delivery as sent. */
async function postParts<Message>(job: PartsToPost<Message>, deps: ChannelDeps<Message>): Promise<void> {
  const { slotId, since, channel, plan, renew } = job;
  let ts = job.existingTs ?? null;
  for (const [part, message] of plan.messages.entries()) {
    if (job.present?.has(part)) continue;
    const posted = await deps.poster.postPart({
      channel,
      slotId,
      part,
      message,
      since,
      beforeAttempt: renew,
      ...(part > 0 ? { threadTs: ts! } : {}),
    });
    if (part === 0) ts = posted;
    deps.posted();
    await deps.deliveries.recordProgress(slotId, channel, part + 1, ts!);
  }
  await deps.deliveries.completeSent(slotId, channel, plan, ts!);
}

/**
 * An attempt that was interrupted (crash) or failed ambiguously: if Slack's history has its top
 * message, post whatever replies are missing and record it as sent (`posted`); if not, mark it
 * abandoned so its articles are planned again (`abandoned`). It is claimed first, so of two
 * instances settling it at once one does and the other is told `held`.
 */
async function settleEarlierAttempt<Message>(
  earlier: Delivery<Message>,
  deps: ChannelDeps<Message>,
  renew: () => Promise<void>,
): Promise<'posted' | 'abandoned' | 'held'> {
  const { deliveries, owner, leaseMs } = deps;
  if (earlier.leaseOwner !== owner && !(await deliveries.claim(earlier.slotId, earlier.channel, owner, leaseMs)).claimed) return 'held';
  if (!earlier.plan) {
    await deliveries.markAbandoned(earlier.slotId, earlier.channel);
    return 'abandoned';
  }
  const slotTime = new Date((await deliveries.getRun(earlier.slotId))?.slotTime ?? earlier.updatedAt);
  const found = await deps.poster.findPosted(earlier.channel, earlier.slotId, slotTime);
  if (!found) {
    await deliveries.markAbandoned(earlier.slotId, earlier.channel);
    return 'abandoned';
  }
  deps.logger.info(`digest ${earlier.slotId}: found in ${earlier.channel} after an interrupted run; recording it instead of posting again`);
  const renewBoth = async () => {
    if (!(await deliveries.renewLease(earlier.slotId, earlier.channel, owner, leaseMs))) throw new LeaseLostError('lease lost');
    await renew();
  };
  await postParts(
    { slotId: earlier.slotId, since: slotTime, channel: earlier.channel, plan: earlier.plan, existingTs: found.ts, present: found.parts, renew: renewBoth },
    deps,
  );
  return 'posted';
}

async function recordChannelFailure<Message>(slotId: string, channel: string, error: unknown, deps: ChannelDeps<Message>): Promise<ChannelResult> {
  const failed = (outcome: ChannelOutcome, detail: string, stopRun: string | null = null): ChannelResult => ({
    report: { channel, outcome, articles: 0, detail },
    stopRun,
  });
  if (error instanceof LeaseLostError) {
    // Another instance took the delivery over (ours ran out while this one was cut off): wait for it like any held channel.
    deps.logger.warn(`digest ${slotId}: ${error.message}; another run took over ${channel}`);
    return { ...failed('skipped', error.message), heldElsewhere: true };
  }
  if (error instanceof DeliveryError) {
    const permanent = error.kind === 'channel';
    await deps.deliveries.recordFailure(slotId, channel, error.message, permanent);
    if (error.kind === 'global') {
      deps.logger.error(`digest ${slotId}: ${error.message}; stopping this run`);
      return failed('failed', error.message, error.message);
    }
    deps.logger.error(`digest ${slotId}: ${channel}: ${error.message}${permanent ? '' : ' (retried next run)'}`);
    return failed(permanent ? 'failed_permanent' : 'failed', error.message);
  }
  // A bug or a store problem: record it for this channel, keep going with the others.
  const message = error instanceof Error ? error.message : String(error);
  await deps.deliveries.recordFailure(slotId, channel, `unexpected error: ${message}`, false);
  deps.logger.error(`digest ${slotId}: ${channel}: unexpected error`, error);
  return failed('failed', message);
}
