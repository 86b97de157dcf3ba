// Puts the digest together for `npm start` and `healthnews digest --post`: state, subscriptions,
// the poster, the run and the scheduler, all from the same settings, so both paths behave the same.
import type { Logger } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Article } from '../pages/article.ts';
import type { DeliveryStorage, StateStore, SubscriptionStorage } from '../store/state-store.ts';
import type { DigestDelivery, DigestRenderer } from './digest-ports.ts';
import { DigestScheduler } from './digest-scheduler.ts';
import { leaseOwner, manualSlot, runDigest, type RunReport, type Slot } from './digest-run.ts';
import { SubscriptionService } from './subscription-service.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

export interface DigestServiceDeps<Message> {
  config: Pick<Config, 'digest'>;
  /** Where subscriptions, runs and leases live: SQLite for one instance, PostgreSQL shared by several. */
  store: StateStore;
  /** The current articles (a LiveCorpus's `articles()`), read at each run. */
  articles: () => readonly Article[];
  /** Lays out a digest (slack/: `digestMessages`). */
  render: DigestRenderer<Message>;
  /** Posts it (slack/: a `DigestPoster` on a client from `createDigestClient`, no automatic retries). */
  poster: DigestDelivery<Message>;
  logger: Logger;
  /** Channels served at once by each run; default DEFAULT_DIGEST_CONCURRENCY (the poster paces the posts). */
  concurrency?: number;
  /** China's working days; default the State Council schedule from chinese-days. */
  calendar?: WorkingCalendar;
  /** Lease length for deliveries; default DEFAULT_LEASE_MS (tests of a killed instance shorten it). */
  leaseMs?: number;
}

export interface DigestService<Message> {
  subscriptions: SubscriptionService;
  subscriptionStore: SubscriptionStorage;
  deliveries: DeliveryStorage<Message>;
  scheduler: DigestScheduler;
  calendar: WorkingCalendar;
  /** Runs one slot for every subscribed channel (what the scheduler calls); `signal` ends a wait for other instances. */
  runSlot(slot: Slot, signal?: AbortSignal): Promise<RunReport>;
  /** `digest --post`: one digest now, under a manual slot of its own. */
  runNow(now?: Date): Promise<RunReport>;
}

/**
 * Builds the digest service. Seeds DIGEST_CHANNELS into the subscriptions (throwing a ConfigError
 * naming a bad entry); the caller then starts `scheduler` (the bot) or calls `runNow` (the CLI).
 *
 * @example
 * const digest = await createDigestService({ config, store, articles: () => corpus.articles(), render: digestMessages, poster, logger });
 * await digest.scheduler.start(); // …on SIGTERM: await digest.scheduler.stop()
 */
export async function createDigestService<Message>(deps: DigestServiceDeps<Message>): Promise<DigestService<Message>> {
  const subscriptionStore = deps.store.subscriptions;
  // The store keeps plans as JSON and hands back what it was given: the renderer's messages.
  const deliveries = deps.store.deliveries as DeliveryStorage<Message>;
  const subscriptions = new SubscriptionService(subscriptionStore);
  const seeded = await subscriptions.seed(deps.config.digest.channels);
  for (const [what, list] of Object.entries(seeded)) {
    if (list.length > 0) deps.logger.info(`DIGEST_CHANNELS: ${what} ${list.join(', ')}`);
  }
  // Any word that is not a region is a topic, so a misspelt region shows up here, not as an error.
  for (const channel of [...seeded.added, ...seeded.updated]) {
    const sub = await subscriptions.get(channel);
    if (sub && sub.topics.length > 0) deps.logger.info(`DIGEST_CHANNELS: ${channel} gets topics ${sub.topics.join(', ')} (${sub.cadence})`);
  }
  const owner = leaseOwner();
  const calendar = deps.calendar ?? createWorkingCalendar(deps.logger);
  const runSlot = (slot: Slot, signal?: AbortSignal) =>
    runDigest(slot, {
      subscriptions: subscriptionStore,
      deliveries,
      articles: deps.articles,
      render: deps.render,
      poster: deps.poster,
      logger: deps.logger,
      owner,
      calendar,
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
      ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
      ...(signal ? { signal } : {}),
    });
  const scheduler = new DigestScheduler({
    cron: deps.config.digest.cron,
    timezone: deps.config.digest.timezone,
    graceHours: deps.config.digest.graceHours,
    run: runSlot,
    isSlotDone: async (slotId) => (await deliveries.getRun(slotId))?.status === 'done',
    notMissedBefore: await deliveries.createdAt(),
    logger: deps.logger,
  });
  return { subscriptions, subscriptionStore, deliveries, scheduler, calendar, runSlot, runNow: (now = new Date()) => runSlot(manualSlot(now)) };
}
