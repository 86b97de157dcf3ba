// Events API deliveries already answered, in PostgreSQL, so a retry that Slack sends to the other
// instance is recognised there. One statement decides: of all instances inserting one event id,
// exactly one gets a row back.
import { randomUUID } from 'node:crypto';
import { SEEN_EVENT_PRUNE_EVERY_MS, SEEN_EVENT_TTL_MS, type SeenEventStoreOptions } from '../seen-event-store.ts';
import type { SeenEventStorage } from '../state-store.ts';
import type { PostgresDatabase } from './connection.ts';

/** {@link SeenEventStorage} on PostgreSQL, with the SQLite store's window and pruning. */
export class PostgresSeenEventStore implements SeenEventStorage {
  private readonly ttlMs: number;
  private readonly pruneEveryMs: number;
  private readonly now: () => number;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: PostgresDatabase,
    options: SeenEventStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? SEEN_EVENT_TTL_MS;
    this.pruneEveryMs = options.pruneEveryMs ?? SEEN_EVENT_PRUNE_EVERY_MS;
    this.now = options.now ?? Date.now;
  }

  async firstSighting(eventId: string): Promise<boolean> {
    const at = this.now();
    if (at - this.lastPrune >= this.pruneEveryMs) {
      this.lastPrune = at;
      await this.db.query('DELETE FROM seen_events WHERE seen_at < $1', [at - this.ttlMs]);
    }
    // The token is made once per sighting, outside the retry: if the connection drops after the
    // insert committed, the retried statement finds its own token and still answers "first", where a
    // plain insert-or-ignore would answer "seen" and the event would never be answered at all.
    const token = randomUUID();
    const { rowCount } = await this.db.query(
      `INSERT INTO seen_events (event_id, seen_at, claim_token) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at, claim_token = excluded.claim_token
         WHERE seen_events.claim_token = excluded.claim_token OR seen_events.seen_at < $4`,
      [eventId, at, token, at - this.ttlMs],
    );
    return rowCount === 1;
  }
}
