// Events API deliveries already answered, kept in the SQLite state file's `seen_events` table
// (migration 2), so a retry that arrives after a restart, or at another process sharing DATA_DIR,
// is still recognised. The PostgreSQL store keeps the same table with the same window.
import type Database from 'better-sqlite3';
import type { StateDatabase } from './database.ts';

/** How long an event id is remembered; Slack retries within about 5 minutes, so a day is ample. */
export const SEEN_EVENT_TTL_MS = 24 * 60 * 60 * 1000;
/** Old ids are deleted at most this often, not on every event. */
export const SEEN_EVENT_PRUNE_EVERY_MS = 60 * 1000;

type Statement = Database.Statement<unknown[]>;

export interface SeenEventStoreOptions {
  ttlMs?: number;
  pruneEveryMs?: number;
  now?: () => number;
}


/**
 * Insert-or-ignore makes the check and the record one statement: two processes sharing DATA_DIR
 * cannot both see an id "first". Ids older than `ttlMs` count as new again and are pruned as events arrive.
 *
 * @example const seen = new SeenEventStore(openStateDatabase('./data')); seen.firstSighting('Ev1'); // → true, then false
 */
export class SeenEventStore {
  private readonly ttlMs: number;
  private readonly pruneEveryMs: number;
  private readonly now: () => number;
  private readonly insert: Statement;
  private readonly expire: Statement;
  private readonly refresh: Statement;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(db: StateDatabase, options: SeenEventStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? SEEN_EVENT_TTL_MS;
    this.pruneEveryMs = options.pruneEveryMs ?? SEEN_EVENT_PRUNE_EVERY_MS;
    this.now = options.now ?? Date.now;
    this.insert = db.prepare('INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING');
    this.expire = db.prepare('DELETE FROM seen_events WHERE seen_at < ?');
    // An id older than the window counts as new again, even before the next prune removes it.
    this.refresh = db.prepare('UPDATE seen_events SET seen_at = ? WHERE event_id = ? AND seen_at < ?');
  }

  /** True the first time `eventId` is offered within the window (and remembers it); false on every later offer. */
  firstSighting(eventId: string): boolean {
    const at = this.now();
    if (at - this.lastPrune >= this.pruneEveryMs) {
      this.expire.run(at - this.ttlMs);
      this.lastPrune = at;
    }
    if (this.insert.run(eventId, at).changes === 1) return true;
    return this.refresh.run(at, eventId, at - this.ttlMs).changes === 1;
  }
}
