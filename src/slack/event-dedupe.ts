// Remembers which Events API deliveries were already handled, so an event Slack retries
// (`x-slack-retry-num`) is never answered twice. The bot keeps them in the state store (SQLite, or
// PostgreSQL shared by every instance), so a retry that arrives after a restart or at the other
// instance is still recognised; the in-memory version is for tests and tools that have no state.
import type { Logger } from '@slack/bolt';

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

export interface BoundedSeenEventsOptions {
  /** How long an answer waits for the state store before it goes out anyway; default 3 s. */
  timeoutMs?: number;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * `seen` (the state store's, shared by every instance) with a bound on the wait: while the database
 * is unreachable (a restart, a failover) a mention is answered after `timeoutMs` instead of waiting
 * out the store's retries, and a store error means "answer". A retry of that event sent to another
 * instance in that window may then be answered twice; answering twice beats not answering. The
 * sighting still reaches the store when it is back, so later retries are recognised.
 *
 * @example const seen = boundedSeenEvents(store.seenEvents, { logger }); await seen.firstSighting('Ev1');
 */
export function boundedSeenEvents(seen: SeenEvents, options: BoundedSeenEventsOptions = {}): SeenEvents {
  const timeoutMs = options.timeoutMs ?? 3_000;
  return {
    firstSighting(eventId: string): Promise<boolean> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          options.logger?.warn(`event ${eventId}: the state store did not answer within ${timeoutMs} ms; answering without checking for an earlier delivery`);
          resolve(true);
        }, timeoutMs);
        seen.firstSighting(eventId).then(
          (first) => {
            clearTimeout(timer);
            resolve(first);
          },
          (error: unknown) => {
            clearTimeout(timer);
            options.logger?.warn(`event ${eventId}: could not check for an earlier delivery (${error instanceof Error ? error.message : String(error)}); answering`);
            resolve(true);
          },
        );
      });
    },
  };
}
