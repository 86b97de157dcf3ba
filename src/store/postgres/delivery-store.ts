// Runs, deliveries and per-channel article history in PostgreSQL: the rows and rules of
// ../delivery-store.ts (SQLite), with the claim made safe across hosts by a row lock. Of any number
// of instances racing for one (slot, channel), the first insert wins and every other waits on that
// row, then sees it taken; an expired lease is taken over under `SELECT … FOR UPDATE`, so two
// instances can never both take over the same crashed delivery.
import {
  claimRefusal,
  isLeasedElsewhere,
  type ClaimResult,
  type Delivery,
  type DeliveryPlan,
  type DeliveryStatus,
  type DigestRun,
  type RunKind,
  type RunStatus,
} from '../delivery-store.ts';
import type { DeliveryStorage } from '../state-store.ts';
import type { PostgresDatabase, Queryable } from './connection.ts';

interface DeliveryRow {
  slot_id: string;
  channel: string;
  status: DeliveryStatus;
  lease_owner: string | null;
  lease_until: string | null; // bigint arrives as a string
  attempts: number;
  plan: DeliveryPlan | null;
  message_ts: string | null;
  parts_posted: number;
  error: string | null;
  updated_at: Date;
}

function fromRow(row: DeliveryRow): Delivery {
  return {
    slotId: row.slot_id,
    channel: row.channel,
    status: row.status,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    attempts: row.attempts,
    plan: row.plan,
    messageTs: row.message_ts,
    partsPosted: row.parts_posted,
    error: row.error,
    updatedAt: row.updated_at.toISOString(),
  };
}

interface RunRow {
  slot_id: string;
  kind: RunKind;
  slot_time: Date;
  started_at: Date;
  finished_at: Date | null;
  status: RunStatus;
  summary: string | null;
}

function runFromRow(row: RunRow): DigestRun {
  return {
    slotId: row.slot_id,
    kind: row.kind,
    slotTime: row.slot_time.toISOString(),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    status: row.status,
    summary: row.summary,
  };
}

/** Records articles for a channel; `sent` overrides a `baseline` row, `baseline` never overrides anything. */
async function recordArticles(client: Queryable, channel: string, ids: readonly string[], status: 'sent' | 'baseline', slotId: string, at: Date) {
  if (ids.length === 0) return;
  const onConflict =
    status === 'sent'
      ? `DO UPDATE SET status = excluded.status, slot_id = excluded.slot_id, recorded_at = excluded.recorded_at WHERE channel_articles.status = 'baseline'`
      : 'DO NOTHING';
  // One statement for the whole list; duplicates removed first (ON CONFLICT may touch a row only once per statement).
  await client.query(
    `INSERT INTO channel_articles (channel, article_id, status, slot_id, recorded_at)
     SELECT $1, id, $2, $3, $4 FROM unnest($5::text[]) AS id
     ON CONFLICT (channel, article_id) ${onConflict}`,
    [channel, status, slotId, at, [...new Set(ids)]],
  );
}

/** {@link DeliveryStorage} on PostgreSQL; every instance on one database shares its claims. */
export class PostgresDeliveryStore implements DeliveryStorage {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createdAt(): Promise<Date> {
    const { rows } = await this.db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'created_at'");
    return rows[0] ? new Date(rows[0].value) : new Date(0);
  }

  async getRun(slotId: string): Promise<DigestRun | null> {
    const { rows } = await this.db.query<RunRow>('SELECT * FROM digest_runs WHERE slot_id = $1', [slotId]);
    return rows[0] ? runFromRow(rows[0]) : null;
  }

  async startRun(slotId: string, kind: RunKind, slotTime: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO digest_runs (slot_id, kind, slot_time, started_at, status) VALUES ($1, $2, $3, $4, 'running')
       ON CONFLICT (slot_id) DO UPDATE SET status = 'running', finished_at = NULL`,
      [slotId, kind, slotTime, this.now()],
    );
  }

  async finishRun(slotId: string, status: Exclude<RunStatus, 'running'>, summary: string): Promise<void> {
    await this.db.query('UPDATE digest_runs SET status = $1, finished_at = $2, summary = $3 WHERE slot_id = $4', [status, this.now(), summary, slotId]);
  }

  async recentRuns(limit = 10): Promise<DigestRun[]> {
    const { rows } = await this.db.query<RunRow>('SELECT * FROM digest_runs ORDER BY slot_time DESC LIMIT $1', [limit]);
    return rows.map(runFromRow);
  }

  async getDelivery(slotId: string, channel: string): Promise<Delivery | null> {
    const { rows } = await this.db.query<DeliveryRow>('SELECT * FROM deliveries WHERE slot_id = $1 AND channel = $2', [slotId, channel]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  claim(slotId: string, channel: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    return this.db.transaction(async (client): Promise<ClaimResult> => {
      const now = this.now();
      const until = now.getTime() + leaseMs;
      const inserted = await client.query(
        `INSERT INTO deliveries (slot_id, channel, status, lease_owner, lease_until, updated_at) VALUES ($1, $2, 'claimed', $3, $4, $5)
         ON CONFLICT (slot_id, channel) DO NOTHING`,
        [slotId, channel, owner, until, now],
      );
      if (inserted.rowCount === 1) return { claimed: true, previous: null };
      // The row exists (or a concurrent insert just committed it): lock it and decide on what is committed.
      const { rows } = await client.query<DeliveryRow>('SELECT * FROM deliveries WHERE slot_id = $1 AND channel = $2 FOR UPDATE', [slotId, channel]);
      const existing = fromRow(rows[0]!);
      const refusal = claimRefusal(existing, owner, now.getTime());
      if (refusal) return { claimed: false, reason: refusal, delivery: existing };
      await client.query('UPDATE deliveries SET lease_owner = $1, lease_until = $2, updated_at = $3 WHERE slot_id = $4 AND channel = $5', [
        owner,
        until,
        now,
        slotId,
        channel,
      ]);
      return { claimed: true, previous: existing };
    });
  }

  async renewLease(slotId: string, channel: string, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.db.query('UPDATE deliveries SET lease_until = $1 WHERE slot_id = $2 AND channel = $3 AND lease_owner = $4', [
      this.now().getTime() + leaseMs,
      slotId,
      channel,
      owner,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async renewLeases(owner: string, leaseMs: number): Promise<number> {
    const result = await this.db.query(`UPDATE deliveries SET lease_until = $1 WHERE lease_owner = $2 AND status IN ('claimed', 'posting')`, [
      this.now().getTime() + leaseMs,
      owner,
    ]);
    return result.rowCount ?? 0;
  }

  async startPosting(slotId: string, channel: string, plan: DeliveryPlan): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = 'posting', plan = $1, attempts = attempts + 1, message_ts = NULL, parts_posted = 0,
         error = NULL, updated_at = $2 WHERE slot_id = $3 AND channel = $4`,
      [JSON.stringify(plan), this.now(), slotId, channel],
    );
  }

  async recordProgress(slotId: string, channel: string, partsPosted: number, messageTs: string): Promise<void> {
    await this.db.query('UPDATE deliveries SET parts_posted = $1, message_ts = $2, updated_at = $3 WHERE slot_id = $4 AND channel = $5', [
      partsPosted,
      messageTs,
      this.now(),
      slotId,
      channel,
    ]);
  }

  async completeSent(slotId: string, channel: string, plan: DeliveryPlan, messageTs: string): Promise<void> {
    const at = this.now();
    await this.db.transaction(async (client) => {
      await client.query(
        `UPDATE deliveries SET status = 'sent', parts_posted = $1, message_ts = $2, error = NULL, lease_owner = NULL, lease_until = NULL,
           updated_at = $3 WHERE slot_id = $4 AND channel = $5`,
        [plan.messages.length, messageTs, at, slotId, channel],
      );
      await recordArticles(client, channel, plan.articleIds, 'sent', slotId, at);
      await recordArticles(client, channel, plan.baselineIds, 'baseline', slotId, at);
      await client.query(
        'UPDATE subscriptions SET last_sent_at = $1, last_error = NULL, last_error_at = NULL, baseline_pending = false WHERE channel = $2',
        [at, channel],
      );
    });
  }

  async completeEmpty(slotId: string, channel: string, baselineIds: readonly string[]): Promise<void> {
    const at = this.now();
    await this.db.transaction(async (client) => {
      await client.query(
        `UPDATE deliveries SET status = 'empty', lease_owner = NULL, lease_until = NULL, updated_at = $1 WHERE slot_id = $2 AND channel = $3`,
        [at, slotId, channel],
      );
      await recordArticles(client, channel, baselineIds, 'baseline', slotId, at);
      await client.query('UPDATE subscriptions SET baseline_pending = false WHERE channel = $1', [channel]);
    });
  }

  async recordFailure(slotId: string, channel: string, message: string, permanent: boolean): Promise<void> {
    const at = this.now();
    await this.db.transaction(async (client) => {
      await client.query(
        `UPDATE deliveries SET status = $1, error = $2, lease_owner = NULL, lease_until = NULL, updated_at = $3 WHERE slot_id = $4 AND channel = $5`,
        [permanent ? 'failed_permanent' : 'failed', message, at, slotId, channel],
      );
      await client.query('UPDATE subscriptions SET last_error = $1, last_error_at = $2 WHERE channel = $3', [message, at, channel]);
    });
  }

  async markAbandoned(slotId: string, channel: string): Promise<void> {
    await this.db.query(`UPDATE deliveries SET status = 'abandoned', updated_at = $1 WHERE slot_id = $2 AND channel = $3`, [this.now(), slotId, channel]);
  }

  async unresolved(channel: string, owner: string): Promise<{ resolvable: Delivery[]; leasedElsewhere: Delivery[] }> {
    const nowMs = this.now().getTime();
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE channel = $1 AND (status = 'posting' OR (status = 'failed' AND attempts > 0)) ORDER BY slot_id COLLATE "C"`,
      [channel],
    );
    const resolvable: Delivery[] = [];
    const leasedElsewhere: Delivery[] = [];
    for (const row of rows.map(fromRow)) (isLeasedElsewhere(row, owner, nowMs) ? leasedElsewhere : resolvable).push(row);
    return { resolvable, leasedElsewhere };
  }

  async handledArticles(channel: string): Promise<Set<string>> {
    const { rows } = await this.db.query<{ article_id: string }>('SELECT article_id FROM channel_articles WHERE channel = $1', [channel]);
    return new Set(rows.map((r) => r.article_id));
  }
}
