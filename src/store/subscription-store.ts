// Which channels get the daily digest and for which regions, kept in the state database. Knows rows,
// not Slack: validation of region names happens before anything reaches here.
import type { RegionFilter } from '../regions/region-filter.ts';
import type { StateDatabase } from './database.ts';

export type SubscriptionSource = 'command' | 'env';

/**
 * How often the channel gets its digest: each new article as it arrives (`instant`), once a day
 * (`daily`), on China's working days (`workdays`), or on the first working day of each week (`weekly`).
 */
export type Cadence = 'instant' | 'daily' | 'workdays' | 'weekly';

/** What a subscription asks for besides its regions; a channel subscribed before topics existed has none and is `daily`. */
export interface SubscriptionOptions {
  /** Topics, normalised as search normalises text; empty means every article of the regions. */
  topics?: readonly string[];
  cadence?: Cadence;
}

export interface Subscription {
  channel: string;
  /** Empty means every region. */
  regions: RegionFilter[];
  /** Topics (normalised); an article must contain one verbatim. Empty means every article. */
  topics: string[];
  cadence: Cadence;
  source: SubscriptionSource;
  /** Slack user id of whoever subscribed; null when seeded from DIGEST_CHANNELS. */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** True until the channel's first digest after (re)subscribing: that digest covers only the newest day. */
  baselinePending: boolean;
  /** The last permanent or final delivery error, with the fix, until a digest gets through again. */
  lastError: string | null;
  lastErrorAt: string | null;
  lastSentAt: string | null;
}

interface SubscriptionRow {
  channel: string;
  regions: string;
  topics: string;
  cadence: Cadence;
  source: SubscriptionSource;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  baseline_pending: number;
  last_error: string | null;
  last_error_at: string | null;
  last_sent_at: string | null;
}

function fromRow(row: SubscriptionRow): Subscription {
  return {
    channel: row.channel,
    regions: JSON.parse(row.regions) as RegionFilter[],
    topics: JSON.parse(row.topics) as string[],
    cadence: row.cadence,
    source: row.source,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    baselinePending: row.baseline_pending === 1,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastSentAt: row.last_sent_at,
  };
}

/** Same regions regardless of order: a re-subscribe with the same list is not a change. */
export function regionKey(regions: readonly RegionFilter[]): string {
  return regions
    .map((r) => [r.province ?? '', r.city ?? '', r.county ?? ''].join('/'))
    .sort()
    .join('|');
}

/** Same topics regardless of order. */
export function topicKey(topics: readonly string[]): string {
  return [...topics].sort().join('|');
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Subscriptions table access. All methods are synchronous (better-sqlite3). */
export class SubscriptionStore {
  constructor(
    private readonly db: StateDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every subscription, by channel id. */
  list(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY channel').all() as SubscriptionRow[]).map(fromRow);
  }

  get(channel: string): Subscription | null {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE channel = ?').get(channel) as SubscriptionRow | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * Subscribes `channel` (or changes what it gets). A change of regions or topics starts a new
   * baseline so the newly covered articles do not arrive as the whole archive; a change of cadence
   * alone does not (what is unsent stays unsent, whatever the cadence).
   */
  upsert(
    channel: string,
    regions: readonly RegionFilter[],
    source: SubscriptionSource,
    createdBy: string | null = null,
    options: SubscriptionOptions = {},
  ): UpsertOutcome {
    const at = this.now().toISOString();
    const topics = [...(options.topics ?? [])];
    const cadence = options.cadence ?? 'daily';
    return this.db.transaction((): UpsertOutcome => {
      const existing = this.get(channel);
      if (!existing) {
        this.db
          .prepare(
            `INSERT INTO subscriptions (channel, regions, topics, cadence, source, created_by, created_at, updated_at, baseline_pending)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
          )
          .run(channel, JSON.stringify(regions), JSON.stringify(topics), cadence, source, createdBy, at, at);
        return 'created';
      }
      const sameArticles = regionKey(existing.regions) === regionKey(regions) && topicKey(existing.topics) === topicKey(topics);
      if (sameArticles && existing.cadence === cadence && existing.source === source) return 'unchanged';
      this.db
        .prepare(
          `UPDATE subscriptions SET regions = ?, topics = ?, cadence = ?, source = ?, created_by = COALESCE(?, created_by), updated_at = ?,
             baseline_pending = CASE WHEN ? THEN baseline_pending ELSE 1 END
           WHERE channel = ?`,
        )
        .run(JSON.stringify(regions), JSON.stringify(topics), cadence, source, createdBy, at, sameArticles ? 1 : 0, channel);
      return 'updated';
    })();
  }

  /** Removes the subscription; what the channel was already sent is kept, so a re-subscribe repeats nothing. */
  remove(channel: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE channel = ?').run(channel).changes > 0;
  }

  /**
   * Makes the env-seeded subscriptions match DIGEST_CHANNELS: adds and updates the listed ones and
   * removes env-seeded ones no longer listed. Channels subscribed by command are left as they are.
   */
  syncSeeded(
    seeds: readonly ({ channel: string; regions: readonly RegionFilter[] } & SubscriptionOptions)[],
  ): { added: string[]; updated: string[]; removed: string[] } {
    return this.db.transaction(() => {
      const added: string[] = [];
      const updated: string[] = [];
      const removed: string[] = [];
      const listed = new Set(seeds.map((s) => s.channel));
      for (const seed of seeds) {
        const existing = this.get(seed.channel);
        if (existing?.source === 'command') continue;
        const outcome = this.upsert(seed.channel, seed.regions, 'env', null, seed);
        if (outcome === 'created') added.push(seed.channel);
        if (outcome === 'updated') updated.push(seed.channel);
      }
      for (const sub of this.list()) {
        if (sub.source === 'env' && !listed.has(sub.channel)) {
          this.remove(sub.channel);
          removed.push(sub.channel);
        }
      }
      return { added, updated, removed };
    })();
  }
}
