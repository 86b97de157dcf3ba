// Subscriptions in PostgreSQL: the same rows and rules as ../subscription-store.ts (SQLite), written
// so that two instances changing one channel at once serialise on its row instead of losing a write.
import type { RegionFilter } from '../../regions/region-filter.ts';
import type { SeedSyncResult, SeededSubscription, SubscriptionStorage } from '../state-store.ts';
import {
  regionKey,
  topicKey,
  type Cadence,
  type Subscription,
  type SubscriptionOptions,
  type SubscriptionSource,
  type UpsertOutcome,
} from '../subscription-store.ts';
import type { PostgresDatabase, Queryable } from './connection.ts';

interface SubscriptionRow {
  channel: string;
  regions: RegionFilter[];
  topics: string[];
  cadence: Cadence;
  source: SubscriptionSource;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  baseline_pending: boolean;
  last_error: string | null;
  last_error_at: Date | null;
  last_sent_at: Date | null;
}

function fromRow(row: SubscriptionRow): Subscription {
  return {
    channel: row.channel,
    regions: row.regions,
    topics: row.topics,
    cadence: row.cadence,
    source: row.source,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    baselinePending: row.baseline_pending,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    lastSentAt: row.last_sent_at?.toISOString() ?? null,
  };
}

/** `ORDER BY channel` in byte order whatever the database's collation, as SQLite sorts. */
const BY_CHANNEL = 'ORDER BY channel COLLATE "C"';

/** {@link SubscriptionStorage} on PostgreSQL. */
export class PostgresSubscriptionStore implements SubscriptionStorage {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<Subscription[]> {
    return (await this.db.query<SubscriptionRow>(`SELECT * FROM subscriptions ${BY_CHANNEL}`)).rows.map(fromRow);
  }

  async get(channel: string): Promise<Subscription | null> {
    const { rows } = await this.db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE channel = $1', [channel]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  upsert(
    channel: string,
    regions: readonly RegionFilter[],
    source: SubscriptionSource,
    createdBy: string | null = null,
    options: SubscriptionOptions = {},
  ): Promise<UpsertOutcome> {
    return this.db.transaction((client) => this.upsertWith(client, channel, regions, source, createdBy, options));
  }

  private async upsertWith(
    client: Queryable,
    channel: string,
    regions: readonly RegionFilter[],
    source: SubscriptionSource,
    createdBy: string | null,
    options: SubscriptionOptions,
  ): Promise<UpsertOutcome> {
    const at = this.now();
    const topics = [...(options.topics ?? [])];
    const cadence = options.cadence ?? 'daily';
    // Insert first: of two instances subscribing one new channel at once, exactly one creates it.
    const inserted = await client.query(
      `INSERT INTO subscriptions (channel, regions, topics, cadence, source, created_by, created_at, updated_at, baseline_pending)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, true) ON CONFLICT (channel) DO NOTHING`,
      [channel, JSON.stringify(regions), JSON.stringify(topics), cadence, source, createdBy, at],
    );
    if (inserted.rowCount === 1) return 'created';
    const { rows } = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE channel = $1 FOR UPDATE', [channel]);
    const existing = fromRow(rows[0]!);
    // As in SQLite: new regions or topics start a new baseline; a new cadence alone does not.
    const sameArticles = regionKey(existing.regions) === regionKey(regions) && topicKey(existing.topics) === topicKey(topics);
    if (sameArticles && existing.cadence === cadence && existing.source === source) return 'unchanged';
    await client.query(
      `UPDATE subscriptions SET regions = $1, topics = $2, cadence = $3, source = $4, created_by = COALESCE($5, created_by), updated_at = $6,
         baseline_pending = CASE WHEN $7 THEN baseline_pending ELSE true END
       WHERE channel = $8`,
      [JSON.stringify(regions), JSON.stringify(topics), cadence, source, createdBy, at, sameArticles, channel],
    );
    return 'updated';
  }

  async remove(channel: string): Promise<boolean> {
    return ((await this.db.query('DELETE FROM subscriptions WHERE channel = $1', [channel])).rowCount ?? 0) > 0;
  }

  syncSeeded(seeds: readonly SeededSubscription[]): Promise<SeedSyncResult> {
    return this.db.transaction(async (client) => {
      const added: string[] = [];
      const updated: string[] = [];
      const removed: string[] = [];
      const listed = new Set(seeds.map((s) => s.channel));
      for (const seed of seeds) {
        const { rows } = await client.query<{ source: SubscriptionSource }>('SELECT source FROM subscriptions WHERE channel = $1', [seed.channel]);
        if (rows[0]?.source === 'command') continue;
        const outcome = await this.upsertWith(client, seed.channel, seed.regions, 'env', null, seed);
        if (outcome === 'created') added.push(seed.channel);
        if (outcome === 'updated') updated.push(seed.channel);
      }
      const { rows } = await client.query<{ channel: string }>(`SELECT channel FROM subscriptions WHERE source = 'env' ${BY_CHANNEL}`);
      for (const { channel } of rows) {
        if (listed.has(channel)) continue;
        await client.query('DELETE FROM subscriptions WHERE channel = $1', [channel]);
        removed.push(channel);
      }
      return { added, updated, removed };
    });
  }
}
