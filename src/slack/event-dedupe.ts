// Remembers which Events API deliveries were already handled, so an event Slack retries
// (`x-slack-retry-num`) is never answered twice. The bot keeps them in the state database, so a
// retry that arrives after a restart is still recognised; the in-memory version is for tests and
// tools that have no state folder.
import type { StateDatabase } from '../store/database.ts';

/** Decides whether an event id is seen for the first time. */
export interface SeenEvents {
  /** True the first time `eventId` is offered (and remembers it); false on every later offer. */
  firstSighting(eventId: string): boolean;
}

export interface MemorySeenEventsOptions {
  /** How long an id is remembered; Slack retries within about 5 minutes, so an hour is ample. */
  ttlMs?: number;
  /** Upper bound on ids kept, so a flood of events cannot grow memory without limit. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * An in-memory `SeenEvents` with a time-to-live and a size bound (oldest forgotten first).
 *
 * @example const seen = createMemorySeenEvents(); seen.firstSighting('Ev1'); // → true, then false
 */
export function createMemorySeenEvents(options: MemorySeenEventsOptions = {}): SeenEvents {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order, so the first entries are always the oldest.
  const seenAt = new Map<string, number>();
  return {
    firstSighting(eventId: string): boolean {
      const at = now();
      for (const [id, time] of seenAt) {
        if (at - time < ttlMs && seenAt.size < maxEntries) break;
        seenAt.delete(id);
      }
      if (seenAt.has(eventId)) return false;
      seenAt.set(eventId, at);
      return true;
    },
  };
}

export interface SqliteSeenEventsOptions {
  /** How long an id is remembered; Slack retries within about 5 minutes, so a day is ample. */
  ttlMs?: number;
  /** Old ids are deleted at most this often, not on every event. */
  pruneEveryMs?: number;
  now?: () => number;
}

/**
 * A `SeenEvents` kept in the state database's `seen_events` table (migration 2), so it survives a
 * restart. Insert-or-ignore makes the check and the record one statement: two processes sharing
 * DATA_DIR cannot both see an id "first". Ids older than `ttlMs` are pruned as events arrive.
 *
 * @example const seen = createSqliteSeenEvents(openStateDatabase('./data')); seen.firstSighting('Ev1'); // → true, then false
 */
export function createSqliteSeenEvents(db: StateDatabase, options: SqliteSeenEventsOptions = {}): SeenEvents {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const pruneEveryMs = options.pruneEveryMs ?? 60 * 1000;
  const now = options.now ?? Date.now;
  const insert = db.prepare('INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING');
  const expire = db.prepare('DELETE FROM seen_events WHERE seen_at < ?');
  // An id older than the window counts as new again, even before the next prune removes it.
  const refresh = db.prepare('UPDATE seen_events SET seen_at = ? WHERE event_id = ? AND seen_at < ?');
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    firstSighting(eventId: string): boolean {
      const at = now();
      if (at - lastPrune >= pruneEveryMs) {
        expire.run(at - ttlMs);
        lastPrune = at;
      }
      if (insert.run(eventId, at).changes === 1) return true;
      return refresh.run(at, eventId, at - ttlMs).changes === 1;
    },
  };
}
