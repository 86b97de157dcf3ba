// Puts the digest together for `npm start` and `healthnews digest --post`: state, subscriptions,
// the poster, the run and the scheduler, all from the same settings, so both paths behave the same.
import type { Logger } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Article } from '../pages/article.ts';
import { DeliveryStore } from '../store/delivery-store.ts';
import type { StateDatabase } from '../store/database.ts';
import { SubscriptionStore } from '../store/subscription-store.ts';
import type { DigestDelivery, DigestRenderer } from './digest-ports.ts';
import { DigestScheduler } from './digest-scheduler.ts';
import { leaseOwner, manualSlot, runDigest, type RunReport, type Slot } from './digest-run.ts';
import { SubscriptionService } from './subscription-service.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

export interface DigestServiceDeps<Message> {
  config: Pick<Config, 'digest'>;
  db: StateDatabase;
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
}

export interface DigestService<Message> {
  subscriptions: SubscriptionService;
  subscriptionStore: SubscriptionStore;
  deliveries: DeliveryStore<Message>;
  scheduler: DigestScheduler;
  calendar: WorkingCalendar;
  /** Runs one slot for every subscribed channel (what the scheduler calls). */
  runSlot(slot: Slot): Promise<RunReport>;
  /** `digest --post`: one digest now, under a manual slot of its own. */
  runNow(now?: Date): Promise<RunReport>;
}

/**
 * Builds the digest service. Seeds DIGEST_CHANNELS into the subscriptions (throwing a ConfigError
 * naming a bad entry); the caller then starts `scheduler` (the bot) or calls `runNow` (the CLI).
 *
 * @example
 * const digest = createDigestService({ config, db, articles: () => corpus.articles(), render: digestMessages, poster, logger });
 * await digest.scheduler.start(); // …on SIGTERM: await digest.scheduler.stop()
 */
export function createDigestService<Message>(deps: DigestServiceDeps<Message>): DigestService<Message> {
  const subscriptionStore = new SubscriptionStore(deps.db);
  const deliveries = new DeliveryStore<Message>(deps.db);
  const subscriptions = new SubscriptionService(subscriptionStore);
  const seeded = subscriptions.seed(deps.config.digest.channels);
  for (const [what, list] of Object.entries(seeded)) {
    if (list.length > 0) deps.logger.info(`DIGEST_CHANNELS: ${what} ${list.join(', ')}`);
  }
  // Any word that is not a region is a topic, so a misspelt region shows up here, not as an error.
  for (const channel of [...seeded.added, ...seeded.updated]) {
    const sub = subscriptions.get(channel);
    if (sub && sub.topics.length > 0) deps.logger.info(`DIGEST_CHANNELS: ${channel} gets topics ${sub.topics.join(', ')} (${sub.cadence})`);
  }
  const owner = leaseOwner();
  const calendar = deps.calendar ?? createWorkingCalendar(deps.logger);
  const runSlot = (slot: Slot) =>
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
    });
  const scheduler = new DigestScheduler({
    cron: deps.config.digest.cron,
    timezone: deps.config.digest.timezone,
    graceHours: deps.config.digest.graceHours,
    run: runSlot,
    isSlotDone: (slotId) => deliveries.getRun(slotId)?.status === 'done',
    notMissedBefore: deliveries.createdAt(),
    logger: deps.logger,
  });
  return { subscriptions, subscriptionStore, deliveries, scheduler, calendar, runSlot, runNow: (now = new Date()) => runSlot(manualSlot(now)) };
}
