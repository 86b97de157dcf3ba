// Remembers which Events API deliveries were already handled, so an event Slack retries
// (`x-slack-retry-num`) is never answered twice. The bot keeps them in the state database, so a
// retry that arrives after a restart is still recognised; the in-memory version is for tests and
// tools that have no state folder.
import type { StateDatabase } from '../store/database.ts';
import { SeenEventStore, type SeenEventStoreOptions } from '../store/seen-event-store.ts';

/** Decides whether an event id is seen for the first time. */
export interface SeenEvents {
  /**
   * True the first time `eventId` is offered (and remembers it); false on every later offer.
   * A promise, because the PostgreSQL state store answers it over the network.
   */
  firstSighting(eventId: string): Promise<boolean>;
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
 * @example const seen = createMemorySeenEvents(); await seen.firstSighting('Ev1'); // → true, then false
 */
export function createMemorySeenEvents(options: MemorySeenEventsOptions = {}): SeenEvents {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order, so the first entries are always the oldest.
  const seenAt = new Map<string, number>();
  return {
    async firstSighting(eventId: string): Promise<boolean> {
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

export type SqliteSeenEventsOptions = SeenEventStoreOptions;

/**
 * A `SeenEvents` kept in the state database's `seen_events` table ({@link SeenEventStore}), so it
 * survives a restart and two processes sharing DATA_DIR cannot both see an id "first".
 *
 * @example const seen = createSqliteSeenEvents(openStateDatabase('./data')); await seen.firstSighting('Ev1'); // → true, then false
 */
export function createSqliteSeenEvents(db: StateDatabase, options: SqliteSeenEventsOptions = {}): SeenEvents {
  const store = new SeenEventStore(db, options);
  return { firstSighting: async (eventId: string): Promise<boolean> => store.firstSighting(eventId) };
}
