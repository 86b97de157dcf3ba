// The StateStore on the embedded SQLite file under DATA_DIR: the synchronous stores behind the
// asynchronous interface, each answer an already-settled promise (a thrown error becomes a rejection).
import path from 'node:path';
import { DATABASE_FILE, openStateDatabase, type StateDatabase } from './database.ts';
import { DeliveryStore } from './delivery-store.ts';
import { SeenEventStore, type SeenEventStoreOptions } from './seen-event-store.ts';
import { PostPaceStore } from './post-pace-store.ts';
import type { DeliveryStorage, PostPaceStorage, SeenEventStorage, StateStore, SubscriptionStorage } from './state-store.ts';
import { SubscriptionStore } from './subscription-store.ts';

export interface SqliteStateStoreOptions {
  /** Clock for leases and timestamps; tests inject one. */
  now?: () => Date;
  seenEvents?: SeenEventStoreOptions;
}

/**
 * Wraps an open (migrated) state database. Pass `openStateDatabase(':memory:')` in tests.
 *
 * @example const store = createSqliteStateStore(openStateDatabase('./data')); await store.subscriptions.list();
 */
export function createSqliteStateStore(db: StateDatabase, options: SqliteStateStoreOptions = {}, location = db.name): StateStore {
  const subs = new SubscriptionStore(db, options.now);
  const runs = new DeliveryStore(db, options.now);
  const seen = new SeenEventStore(db, { now: options.now ? () => options.now!().getTime() : Date.now, ...options.seenEvents });
  const subscriptions: SubscriptionStorage = {
    list: async () => subs.list(),
    get: async (channel) => subs.get(channel),
    upsert: async (channel, regions, source, createdBy = null, options = {}) => subs.upsert(channel, regions, source, createdBy, options),
    remove: async (channel) => subs.remove(channel),
    syncSeeded: async (seeds) => subs.syncSeeded(seeds),
  };
  const deliveries: DeliveryStorage = {
    createdAt: async () => runs.createdAt(),
    getRun: async (slotId) => runs.getRun(slotId),
    startRun: async (slotId, kind, slotTime) => runs.startRun(slotId, kind, slotTime),
    finishRun: async (slotId, status, summary) => runs.finishRun(slotId, status, summary),
    recentRuns: async (limit) => runs.recentRuns(limit),
    getDelivery: async (slotId, channel) => runs.getDelivery(slotId, channel),
    claim: async (slotId, channel, owner, leaseMs) => runs.claim(slotId, channel, owner, leaseMs),
    renewLease: async (slotId, channel, owner, leaseMs) => runs.renewLease(slotId, channel, owner, leaseMs),
    renewLeases: async (owner, leaseMs) => runs.renewLeases(owner, leaseMs),
    startPosting: async (slotId, channel, plan) => runs.startPosting(slotId, channel, plan),
    recordProgress: async (slotId, channel, partsPosted, messageTs) => runs.recordProgress(slotId, channel, partsPosted, messageTs),
    completeSent: async (slotId, channel, plan, messageTs) => runs.completeSent(slotId, channel, plan, messageTs),
    completeEmpty: async (slotId, channel, baselineIds) => runs.completeEmpty(slotId, channel, baselineIds),
    recordFailure: async (slotId, channel, message, permanent) => runs.recordFailure(slotId, channel, message, permanent),
    markAbandoned: async (slotId, channel) => runs.markAbandoned(slotId, channel),
    unresolved: async (channel, owner) => runs.unresolved(channel, owner),
    handledArticles: async (channel) => runs.handledArticles(channel),
  };
  const seenEvents: SeenEventStorage = { firstSighting: async (eventId) => seen.firstSighting(eventId) };
  const pace = new PostPaceStore(db, options.now ? () => options.now!().getTime() : Date.now);
  const postPace: PostPaceStorage = { reserve: async (name, intervalMs) => pace.reserve(name, intervalMs) };
  return {
    subscriptions,
    deliveries,
    seenEvents,
    postPace,
    location,
    close: async () => {
      db.close();
    },
  };
}

/**
 * Opens (creating and migrating) `DATA_DIR/healthnews.sqlite` as a StateStore.
 *
 * @example const store = openSqliteStateStore('./data');
 */
export function openSqliteStateStore(dataDir: string, options?: SqliteStateStoreOptions & { readonly?: false }): StateStore;
/** Read only (`digest --dry-run`): never creates, migrates or writes; null when there is no state file yet. */
export function openSqliteStateStore(dataDir: string, options: SqliteStateStoreOptions & { readonly: true }): StateStore | null;
export function openSqliteStateStore(dataDir: string, options: SqliteStateStoreOptions & { readonly?: boolean } = {}): StateStore | null {
  const location = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DATABASE_FILE);
  const db = options.readonly ? openStateDatabase(dataDir, { readonly: true }) : openStateDatabase(dataDir);
  return db ? createSqliteStateStore(db, options, location) : null;
}
