// What was sent where: digest runs per slot, one delivery per (slot, channel) claimed under a lease so
// two instances never both post, and the articles each channel has already had. The lease and the
// recorded progress are what make "nothing lost, nothing twice" hold across crashes and restarts.
import type { StateDatabase } from './database.ts';

/**
 * `claimed` (leased, nothing posted yet) → `posting` (plan fixed, posts may have reached Slack) →
 * `sent`; or `empty` (nothing new), `failed` (transient, retried later), `failed_permanent`
 * (channel-level error), `abandoned` (a failed attempt that Slack's history shows never arrived).
 */
export type DeliveryStatus = 'claimed' | 'posting' | 'sent' | 'empty' | 'failed' | 'failed_permanent' | 'abandoned';

/**
 * Fixed before the first post so a resumed delivery posts exactly what the first attempt meant to.
 * `Message` is whatever the digest's renderer made (a Slack message); the store keeps it as JSON
 * and never looks inside.
 */
export interface DeliveryPlan<Message = unknown> {
  /** The top-level message is part 0, thread replies follow. */
  messages: Message[];
  /** Articles this delivery sends. */
  articleIds: string[];
  /** Older articles a first digest deliberately skips; recorded so later digests skip them too. */
  baselineIds: string[];
}

export interface Delivery<Message = unknown> {
  slotId: string;
  channel: string;
  status: DeliveryStatus;
  leaseOwner: string | null;
  leaseUntil: number | null;
  attempts: number;
  plan: DeliveryPlan<Message> | null;
  messageTs: string | null;
  partsPosted: number;
  error: string | null;
  updatedAt: string;
}

interface DeliveryRow {
  slot_id: string;
  channel: string;
  status: DeliveryStatus;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: number;
  plan: string | null;
  message_ts: string | null;
  parts_posted: number;
  error: string | null;
  updated_at: string;
}

function fromRow<Message>(row: DeliveryRow): Delivery<Message> {
  return {
    slotId: row.slot_id,
    channel: row.channel,
    status: row.status,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    plan: row.plan ? (JSON.parse(row.plan) as DeliveryPlan<Message>) : null,
    messageTs: row.message_ts,
    partsPosted: row.parts_posted,
    error: row.error,
    updatedAt: row.updated_at,
  };
}

export type RunKind = 'scheduled' | 'catch-up' | 'manual' | 'instant';
export type RunStatus = 'running' | 'done' | 'failed';

export interface DigestRun {
  slotId: string;
  kind: RunKind;
  slotTime: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  summary: string | null;
}

export type ClaimResult<Message = unknown> =
  | { claimed: true; previous: Delivery<Message> | null }
  | { claimed: false; reason: 'done' | 'leased'; delivery: Delivery<Message> };

/** Statuses after which a (slot, channel) is never attempted again. */
const FINAL: ReadonlySet<DeliveryStatus> = new Set(['sent', 'empty', 'failed_permanent']);

/**
 * Why `owner` may not take `existing` now: finished (`done`), or another owner's lease still runs
 * (`leased`); null when it may. The one rule both stores (SQLite, PostgreSQL) apply inside their claim.
 */
export function claimRefusal(existing: Delivery<unknown> | null, owner: string, nowMs: number): 'done' | 'leased' | null {
  if (!existing) return null;
  if (FINAL.has(existing.status)) return 'done';
  if (isLeasedElsewhere(existing, owner, nowMs)) return 'leased';
  return null;
}

/** True while another owner's lease on the delivery has not run out. */
export function isLeasedElsewhere(delivery: Delivery<unknown>, owner: string, nowMs: number): boolean {
  return delivery.leaseOwner !== null && delivery.leaseOwner !== owner && (delivery.leaseUntil ?? 0) > nowMs;
}

/**
 * Runs, deliveries and per-channel article history. Synchronous; claims use BEGIN IMMEDIATE.
 * `Message` is the type of the planned messages it keeps (see {@link DeliveryPlan}).
 */
export class DeliveryStore<Message = unknown> {
  constructor(
    private readonly db: StateDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /** When this state database was created: slots before it were never "missed". */
  createdAt(): Date {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'created_at'").get() as { value: string } | undefined;
    return row ? new Date(row.value) : new Date(0);
  }

  getRun(slotId: string): DigestRun | null {
    const row = this.db.prepare('SELECT * FROM digest_runs WHERE slot_id = ?').get(slotId) as
      | { slot_id: string; kind: RunKind; slot_time: string; started_at: string; finished_at: string | null; status: RunStatus; summary: string | null }
      | undefined;
    if (!row) return null;
    return {
      slotId: row.slot_id,
      kind: row.kind,
      slotTime: row.slot_time,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      status: row.status,
      summary: row.summary,
    };
  }

  /** Records that a run for `slotId` started (again); the first kind and start time are kept. */
  startRun(slotId: string, kind: RunKind, slotTime: Date): void {
    const at = this.stamp();
    this.db
      .prepare(
        `INSERT INTO digest_runs (slot_id, kind, slot_time, started_at, status) VALUES (?, ?, ?, ?, 'running')
         ON CONFLICT (slot_id) DO UPDATE SET status = 'running', finished_at = NULL`,
      )
      .run(slotId, kind, slotTime.toISOString(), at);
  }

  finishRun(slotId: string, status: Exclude<RunStatus, 'running'>, summary: string): void {
    this.db.prepare('UPDATE digest_runs SET status = ?, finished_at = ?, summary = ? WHERE slot_id = ?').run(status, this.stamp(), summary, slotId);
  }

  /** The most recent runs, newest slot first (for status displays). */
  recentRuns(limit = 10): DigestRun[] {
    const rows = this.db.prepare('SELECT slot_id FROM digest_runs ORDER BY slot_time DESC LIMIT ?').all(limit) as { slot_id: string }[];
    return rows.map((r) => this.getRun(r.slot_id)!);
  }

  getDelivery(slotId: string, channel: string): Delivery<Message> | null {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE slot_id = ? AND channel = ?').get(slotId, channel) as DeliveryRow | undefined;
    return row ? fromRow<Message>(row) : null;
  }

  /**
   * Takes the (slot, channel) delivery for `owner` for `leaseMs`, inside BEGIN IMMEDIATE so that of two
   * instances (or two runs in one process) exactly one wins. Refused when the delivery is finished or
   * another owner's lease is still running; an expired lease (a crashed run) is taken over.
   */
  claim(slotId: string, channel: string, owner: string, leaseMs: number): ClaimResult<Message> {
    const run = this.db.transaction((): ClaimResult<Message> => {
      const nowMs = this.now().getTime();
      const existing = this.getDelivery(slotId, channel);
      const refusal = claimRefusal(existing, owner, nowMs);
      if (refusal) return { claimed: false, reason: refusal, delivery: existing! };
      if (existing) {
        this.db
          .prepare('UPDATE deliveries SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE slot_id = ? AND channel = ?')
          .run(owner, nowMs + leaseMs, this.stamp(), slotId, channel);
      } else {
        this.db
          .prepare(
            `INSERT INTO deliveries (slot_id, channel, status, lease_owner, lease_until, updated_at) VALUES (?, ?, 'claimed', ?, ?, ?)`,
          )
          .run(slotId, channel, owner, nowMs + leaseMs, this.stamp());
      }
      return { claimed: true, previous: existing };
    });
    return run.immediate();
  }

  /** Extends a held lease before a slow step (a long Retry-After). False when the lease was lost. */
  renewLease(slotId: string, channel: string, owner: string, leaseMs: number): boolean {
    const nowMs = this.now().getTime();
    return (
      this.db
        .prepare('UPDATE deliveries SET lease_until = ? WHERE slot_id = ? AND channel = ? AND lease_owner = ?')
        .run(nowMs + leaseMs, slotId, channel, owner).changes > 0
    );
  }

  /** Extends every unfinished lease `owner` holds (a run's heartbeat); how many were extended. */
  renewLeases(owner: string, leaseMs: number): number {
    const nowMs = this.now().getTime();
    return this.db
      .prepare(`UPDATE deliveries SET lease_until = ? WHERE lease_owner = ? AND status IN ('claimed', 'posting')`)
      .run(nowMs + leaseMs, owner).changes;
  }

  /** Fixes the plan and marks the delivery as possibly reaching Slack from now on. */
  startPosting(slotId: string, channel: string, plan: DeliveryPlan<Message>): void {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'posting', plan = ?, attempts = attempts + 1, message_ts = NULL, parts_posted = 0,
           error = NULL, updated_at = ? WHERE slot_id = ? AND channel = ?`,
      )
      .run(JSON.stringify(plan), this.stamp(), slotId, channel);
  }

  /** Notes that parts [0, partsPosted) are in Slack; `messageTs` is the top-level message's ts. */
  recordProgress(slotId: string, channel: string, partsPosted: number, messageTs: string): void {
    this.db
      .prepare('UPDATE deliveries SET parts_posted = ?, message_ts = ?, updated_at = ? WHERE slot_id = ? AND channel = ?')
      .run(partsPosted, messageTs, this.stamp(), slotId, channel);
  }

  /**
   * Marks the delivery sent and, in the same transaction, records its articles (and a first digest's
   * skipped ones) as the channel's, clears the channel's last error and its baseline flag.
   */
  completeSent(slotId: string, channel: string, plan: DeliveryPlan<Message>, messageTs: string): void {
    const at = this.stamp();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE deliveries SET status = 'sent', parts_posted = ?, message_ts = ?, error = NULL, lease_owner = NULL, lease_until = NULL,
             updated_at = ? WHERE slot_id = ? AND channel = ?`,
        )
        .run(plan.messages.length, messageTs, at, slotId, channel);
      const insert = this.db.prepare(
        `INSERT INTO channel_articles (channel, article_id, status, slot_id, recorded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, article_id) DO UPDATE SET status = excluded.status, slot_id = excluded.slot_id, recorded_at = excluded.recorded_at
         WHERE channel_articles.status = 'baseline'`,
      );
      for (const id of plan.articleIds) insert.run(channel, id, 'sent', slotId, at);
      const baseline = this.db.prepare(
        `INSERT INTO channel_articles (channel, article_id, status, slot_id, recorded_at) VALUES (?, ?, 'baseline', ?, ?)
         ON CONFLICT (channel, article_id) DO NOTHING`,
      );
      for (const id of plan.baselineIds) baseline.run(channel, id, slotId, at);
      this.db
        .prepare('UPDATE subscriptions SET last_sent_at = ?, last_error = NULL, last_error_at = NULL, baseline_pending = 0 WHERE channel = ?')
        .run(at, channel);
    })();
  }

  /** Nothing new for the channel in this slot. A pending baseline ends too: from now on every new article counts. */
  completeEmpty(slotId: string, channel: string, baselineIds: readonly string[]): void {
    const at = this.stamp();
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE deliveries SET status = 'empty', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE slot_id = ? AND channel = ?`)
        .run(at, slotId, channel);
      const baseline = this.db.prepare(
        `INSERT INTO channel_articles (channel, article_id, status, slot_id, recorded_at) VALUES (?, ?, 'baseline', ?, ?)
         ON CONFLICT (channel, article_id) DO NOTHING`,
      );
      for (const id of baselineIds) baseline.run(channel, id, slotId, at);
      this.db.prepare('UPDATE subscriptions SET baseline_pending = 0 WHERE channel = ?').run(channel);
    })();
  }

  /** Records a failed delivery; the message (already free of secrets) is also shown on the channel's subscription. */
  recordFailure(slotId: string, channel: string, message: string, permanent: boolean): void {
    const at = this.stamp();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE deliveries SET status = ?, error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE slot_id = ? AND channel = ?`,
        )
        .run(permanent ? 'failed_permanent' : 'failed', message, at, slotId, channel);
      this.db.prepare('UPDATE subscriptions SET last_error = ?, last_error_at = ? WHERE channel = ?').run(message, at, channel);
    })();
  }

  /** A failed attempt that Slack's history shows never arrived: its articles stay unsent. */
  markAbandoned(slotId: string, channel: string): void {
    this.db
      .prepare(`UPDATE deliveries SET status = 'abandoned', updated_at = ? WHERE slot_id = ? AND channel = ?`)
      .run(this.stamp(), slotId, channel);
  }

  /**
   * Earlier attempts for `channel` that may have reached Slack without being recorded (a crash, a
   * timeout): status `posting`, or `failed` after at least one post. Their lease must be expired or ours.
   */
  unresolved(channel: string, owner: string): { resolvable: Delivery<Message>[]; leasedElsewhere: Delivery<Message>[] } {
    const nowMs = this.now().getTime();
    const rows = (
      this.db
        .prepare(`SELECT * FROM deliveries WHERE channel = ? AND (status = 'posting' OR (status = 'failed' AND attempts > 0)) ORDER BY slot_id`)
        .all(channel) as DeliveryRow[]
    ).map((row) => fromRow<Message>(row));
    const resolvable: Delivery<Message>[] = [];
    const leasedElsewhere: Delivery<Message>[] = [];
    for (const row of rows) (isLeasedElsewhere(row, owner, nowMs) ? leasedElsewhere : resolvable).push(row);
    return { resolvable, leasedElsewhere };
  }

  /** Article ids the channel has had (sent, or skipped by its first digest). */
  handledArticles(channel: string): Set<string> {
    const rows = this.db.prepare('SELECT article_id FROM channel_articles WHERE channel = ?').all(channel) as { article_id: string }[];
    return new Set(rows.map((r) => r.article_id));
  }
}
