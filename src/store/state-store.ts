// The bot's state behind one asynchronous interface, so the same digest and listeners run on the
// embedded SQLite file (one instance) or on PostgreSQL (several instances sharing one database).
// PostgreSQL is asynchronous; the SQLite implementation answers with already-settled promises.
// Every guarantee below holds across instances when they share a PostgreSQL database, and across
// processes on one host when they share a SQLite DATA_DIR.
import type { RegionFilter } from '../regions/region-filter.ts';
import type { ClaimResult, Delivery, DeliveryPlan, DigestRun, RunKind, RunStatus } from './delivery-store.ts';
import type { Subscription, SubscriptionOptions, SubscriptionSource, UpsertOutcome } from './subscription-store.ts';

/** A channel and what it gets as DIGEST_CHANNELS lists it (no topics = every article; cadence default daily). */
export interface SeededSubscription extends SubscriptionOptions {
  channel: string;
  regions: readonly RegionFilter[];
}

export interface SeedSyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

/** Which channels get digests, for which regions and topics, how often. A write through one instance is read by every other at once. */
export interface SubscriptionStorage {
  /** Every subscription, by channel id. */
  list(): Promise<Subscription[]>;
  get(channel: string): Promise<Subscription | null>;
  /**
   * Subscribes `channel` or changes what it gets; a change of regions or topics starts a new
   * baseline, a change of cadence alone does not. Options left out are no topics and `daily`.
   */
  upsert(
    channel: string,
    regions: readonly RegionFilter[],
    source: SubscriptionSource,
    createdBy?: string | null,
    options?: SubscriptionOptions,
  ): Promise<UpsertOutcome>;
  /** Removes the subscription; what the channel was already sent is kept. */
  remove(channel: string): Promise<boolean>;
  /** Makes the env-seeded subscriptions match DIGEST_CHANNELS, leaving channels subscribed by command alone. */
  syncSeeded(seeds: readonly SeededSubscription[]): Promise<SeedSyncResult>;
}

/**
 * Digest runs, one delivery per (slot, channel) under a lease, and what each channel has had.
 * {@link DeliveryStorage.claim} is the exactly-once point: of any number of callers (instances,
 * pools, runs in one process) racing for one (slot, channel), exactly one is granted it, and a
 * finished delivery is never granted again.
 */
export interface DeliveryStorage<Message = unknown> {
  /** When this state was created: slots before it were never "missed". */
  createdAt(): Promise<Date>;
  getRun(slotId: string): Promise<DigestRun | null>;
  /** Records that a run for `slotId` started (again); the first kind and start time are kept. */
  startRun(slotId: string, kind: RunKind, slotTime: Date): Promise<void>;
  finishRun(slotId: string, status: Exclude<RunStatus, 'running'>, summary: string): Promise<void>;
  /** The most recent runs, newest slot first. */
  recentRuns(limit?: number): Promise<DigestRun[]>;
  getDelivery(slotId: string, channel: string): Promise<Delivery<Message> | null>;
  /**
   * Takes the (slot, channel) delivery for `owner` for `leaseMs`. Refused when it is finished or
   * another owner's lease is still running; an expired lease (a crashed instance) is taken over.
   */
  claim(slotId: string, channel: string, owner: string, leaseMs: number): Promise<ClaimResult<Message>>;
  /** Extends a held lease before a slow step. False when the lease was lost. */
  renewLease(slotId: string, channel: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Extends every unfinished lease `owner` holds (the run's heartbeat), so leases can be short: an
   * instance killed in the middle of a run stops renewing, and its channels are taken over within
   * one lease. Resolves with how many were extended.
   */
  renewLeases(owner: string, leaseMs: number): Promise<number>;
  /** Fixes the plan and marks the delivery as possibly reaching Slack from now on. */
  startPosting(slotId: string, channel: string, plan: DeliveryPlan<Message>): Promise<void>;
  /** Notes that parts [0, partsPosted) are in Slack; `messageTs` is the top-level message's ts. */
  recordProgress(slotId: string, channel: string, partsPosted: number, messageTs: string): Promise<void>;
  /** Marks the delivery sent and records its articles as the channel's, in one transaction. */
  completeSent(slotId: string, channel: string, plan: DeliveryPlan<Message>, messageTs: string): Promise<void>;
  /** Nothing new for the channel in this slot; a pending baseline ends. */
  completeEmpty(slotId: string, channel: string, baselineIds: readonly string[]): Promise<void>;
  /** Records a failed delivery; the message (already free of secrets) also shows on the subscription. */
  recordFailure(slotId: string, channel: string, message: string, permanent: boolean): Promise<void>;
  /** A failed attempt that Slack's history shows never arrived: its articles stay unsent. */
  markAbandoned(slotId: string, channel: string): Promise<void>;
  /** Earlier attempts for `channel` that may be in Slack unrecorded, split by whether another live owner holds them. */
  unresolved(channel: string, owner: string): Promise<{ resolvable: Delivery<Message>[]; leasedElsewhere: Delivery<Message>[] }>;
  /** Article ids the channel has had (sent, or skipped by its first digest). */
  handledArticles(channel: string): Promise<Set<string>>;
}

/** Events API deliveries already answered, so a retry (to this or another instance) is answered once. */
export interface SeenEventStorage {
  /** True for exactly one of all offers of `eventId` within the dedupe window, across instances. */
  firstSighting(eventId: string): Promise<boolean>;
}

/**
 * When the next post to Slack may go out, shared by every instance on this state: Slack's workspace
 * limit is per app and workspace, so two instances pacing themselves apart would post at twice it.
 */
export interface PostPaceStorage {
  /**
   * Reserves the next post time of the pace `name`: not before now, and `intervalMs` after the
   * previous reservation by any instance. Resolves with how long the caller waits for it (ms).
   */
  reserve(name: string, intervalMs: number): Promise<number>;
}

/** All of the bot's state: one of these per process, from {@link openStateStore}. */
export interface StateStore {
  readonly subscriptions: SubscriptionStorage;
  readonly deliveries: DeliveryStorage;
  readonly seenEvents: SeenEventStorage;
  readonly postPace: PostPaceStorage;
  /** Where the state lives, for log lines: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /** Releases the file or the connection pool. */
  close(): Promise<void>;
}
