// What the `/healthnews subscribe|unsubscribe|subscriptions` listeners and the App Home call: parse
// and validate region names, change the store, and hand back what to show. Knows no Slack API.
import type { SeededSubscription } from '../config.ts';
import type { SubscriptionStore, Subscription, UpsertOutcome } from '../store/subscription-store.ts';
import { describeRegions, parseRegionNames, resolveSeededSubscriptions } from './subscriptions.ts';

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
    fromSettings: sub.source === 'env',
    lastSentAt: sub.lastSentAt,
    lastError: sub.lastError,
    lastErrorAt: sub.lastErrorAt,
  };
}

/** Subscriptions as a service: each method is one user action. */
export class SubscriptionService {
  constructor(private readonly store: SubscriptionStore) {}

  /**
   * `/healthnews subscribe [regions…]` in `channel` by `userId`. Throws RegionNameError (message
   * ready to show) when a name is not a region; nothing is changed then.
   *
   * @example service.subscribe('C0123', '四川 广东', 'U1') // → { outcome: 'created', summary: { regions: '四川、广东', … } }
   */
  subscribe(channel: string, regionsText: string, userId: string | null): { outcome: UpsertOutcome; summary: SubscriptionSummary } {
    const regions = parseRegionNames(regionsText);
    const outcome = this.store.upsert(channel, regions, 'command', userId);
    return { outcome, summary: summarize(this.store.get(channel)!) };
  }

  /** `/healthnews unsubscribe` in `channel`; false when it was not subscribed. */
  unsubscribe(channel: string): boolean {
    return this.store.remove(channel);
  }

  /** `/healthnews subscriptions`: this channel's, then every channel's. */
  list(channel: string): { here: SubscriptionSummary | null; all: SubscriptionSummary[] } {
    const all = this.listAll();
    return { here: all.find((s) => s.channel === channel) ?? null, all };
  }

  /** Every channel's subscription, in channel order (the App Home's list). */
  listAll(): SubscriptionSummary[] {
    return this.store.list().map(summarize);
  }

  /**
   * Applies DIGEST_CHANNELS at start. Validates every region name first and throws a ConfigError
   * naming the bad entry, before anything is written.
   */
  seed(seeds: readonly SeededSubscription[]): { added: string[]; updated: string[]; removed: string[] } {
    return this.store.syncSeeded(resolveSeededSubscriptions(seeds));
  }
}
