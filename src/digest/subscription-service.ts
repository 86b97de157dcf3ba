// What the `/healthnews subscribe|unsubscribe|subscriptions` listeners and the App Home call: parse
// and validate region names, change the store, and hand back what to show. Knows no Slack API.
import type { DigestChannelEntry } from '../config.ts';
import type { RegionFilter } from '../regions/region-filter.ts';
import type { SubscriptionStorage } from '../store/state-store.ts';
import type { Cadence, Subscription, UpsertOutcome } from '../store/subscription-store.ts';
import { cadenceDescription, cadenceLabel } from './cadence.ts';
import { describeRegions, parseSubscriptionWords, resolveSeededSubscriptions } from './subscriptions.ts';
import { describeTopics } from './topics.ts';

/** The schedule in words for messages: `每天 09:00（Asia/Shanghai）`, or the cron expression when it is not daily. */
export function describeSchedule(cron: string, timezone: string): string {
  const daily = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron.trim());
  if (daily) return `每天 ${daily[2]!.padStart(2, '0')}:${daily[1]!.padStart(2, '0')}（${timezone}）`;
  return `按 cron "${cron}"（${timezone}）`;
}

/** What a list shows about one subscription. */
export interface SubscriptionSummary {
  channel: string;
  /** `四川、广东` or `全部地区`. */
  regions: string;
  /** `电子病历、互联网医院`, or null for every article of the regions. */
  topics: string | null;
  /** How often, and as messages name it (`每周`). */
  cadence: Cadence;
  cadenceLabel: string;
  /** What arrives when for this cadence, in a sentence. */
  when: string;
  /** Set by DIGEST_CHANNELS rather than a command. */
  fromSettings: boolean;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** A subscription as lists and the App Home show it. */
export function summarize(sub: Subscription): SubscriptionSummary {
  return {
    channel: sub.channel,
    regions: describeRegions(sub.regions),
    topics: describeTopics(sub.topics),
    cadence: sub.cadence,
    cadenceLabel: cadenceLabel(sub.cadence),
    when: cadenceDescription(sub.cadence),
    fromSettings: sub.source === 'env',
    lastSentAt: sub.lastSentAt,
    lastError: sub.lastError,
    lastErrorAt: sub.lastErrorAt,
  };
}

/** Subscriptions as a service: each method is one user action. Every read goes to the store, so a change made through another instance shows at once. */
export class SubscriptionService {
  constructor(private readonly store: SubscriptionStorage) {}

  /**
   * `/healthnews subscribe [regions… topics… cadence]` in `channel` by `userId`: the regions and
   * topics named replace the channel's; the cadence named replaces its cadence, and none named keeps
   * it (`daily` for a new subscription). Throws SubscriptionWordsError (message ready to show) when
   * a word is neither a region, a topic nor a cadence; nothing is changed then.
   *
   * @example await service.subscribe('C0123', '四川 广东 电子病历 每周', 'U1')
   * // → { outcome: 'created', summary: { regions: '四川、广东', topics: '电子病历', cadence: 'weekly', … } }
   */
  async subscribe(channel: string, text: string, userId: string | null): Promise<{ outcome: UpsertOutcome; summary: SubscriptionSummary }> {
    const request = parseSubscriptionWords(text);
    const cadence = request.cadence ?? (await this.store.get(channel))?.cadence ?? 'daily';
    return this.save(channel, { regions: request.regions, topics: request.topics, cadence }, userId);
  }

  /**
   * Saves a channel's whole subscription as the settings form gives it (already validated).
   *
   * @example (await service.save('C0123', { regions: [], topics: ['电子病历'], cadence: 'instant' }, 'U1')).summary.cadenceLabel // → '即时'
   */
  async save(
    channel: string,
    settings: { regions: readonly RegionFilter[]; topics: readonly string[]; cadence: Cadence },
    userId: string | null,
  ): Promise<{ outcome: UpsertOutcome; summary: SubscriptionSummary }> {
    const outcome = await this.store.upsert(channel, settings.regions, 'command', userId, { topics: settings.topics, cadence: settings.cadence });
    const saved = await this.store.get(channel);
    // Only an unsubscribe from another instance between the two statements leaves nothing to read back.
    if (!saved) throw new Error(`the subscription of ${channel} was removed while it was being saved`);
    return { outcome, summary: summarize(saved) };
  }

  /** The channel's subscription as stored (for the settings form), or null. */
  get(channel: string): Promise<Subscription | null> {
    return this.store.get(channel);
  }

  /** `/healthnews unsubscribe` in `channel`; false when it was not subscribed. */
  unsubscribe(channel: string): Promise<boolean> {
    return this.store.remove(channel);
  }

  /** `/healthnews subscriptions`: this channel's, then every channel's. */
  async list(channel: string): Promise<{ here: SubscriptionSummary | null; all: SubscriptionSummary[] }> {
    const all = await this.listAll();
    return { here: all.find((s) => s.channel === channel) ?? null, all };
  }

  /** Every channel's subscription, in channel order (the App Home's list). */
  async listAll(): Promise<SubscriptionSummary[]> {
    return (await this.store.list()).map(summarize);
  }

  /**
   * Applies DIGEST_CHANNELS at start. Validates every region name first and throws a ConfigError
   * naming the bad entry, before anything is written.
   */
  async seed(seeds: readonly DigestChannelEntry[]): Promise<{ added: string[]; updated: string[]; removed: string[] }> {
    return this.store.syncSeeded(resolveSeededSubscriptions(seeds));
  }
}
