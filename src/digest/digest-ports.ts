// What the digest needs done by the layer above it, declared here so the digest depends on nothing
// higher up: a renderer that lays a digest out as messages, and a delivery that posts them and finds
// them again after a crash. `slack/` implements both (`digestMessages`, `DigestPoster`); `main.ts`
// and the CLI plug them in. The digest never looks inside a message: `Message` is whatever the
// renderer makes and the delivery posts.
import { redactSecrets } from '../log.ts';
import type { DigestGroup } from './select-articles.ts';

/** What one channel's digest shows: groups of articles in display order (most articles first). */
export interface DigestContent {
  groups: readonly DigestGroup[];
  /** The subscription's topics in words (`电子病历、互联网医院`), named in the header; null or absent for none. */
  topics?: string | null;
}

/** A digest as messages: `top` goes to the channel, `replies` into its thread, in order. */
export interface DigestMessages<Message> {
  top: Message;
  replies: Message[];
}

/** Lays out a digest; every article appears exactly once across `top` and `replies`. Pure. */
export type DigestRenderer<Message> = (content: DigestContent) => DigestMessages<Message>;

/** Where a digest already is in the channel: its top-level ts and which parts (0 = top) were found. */
export interface PostedDigest {
  ts: string;
  parts: Set<number>;
}

/** What a delivery needs to post one part of a digest. */
export interface PartToPost<Message> {
  channel: string;
  slotId: string;
  /** 0 for the top-level message; replies count up from 1. */
  part: number;
  message: Message;
  /** The top-level message's ts, for replies. */
  threadTs?: string;
  /** The slot's time: an earlier copy is looked for from then on. */
  since: Date;
  /**
   * Runs right before every try, after any wait for the rate limit (the run renews its lease there,
   * so no post goes out on a lease that may have run out while it waited); rejecting stops the post
   * with that rejection.
   */
  beforeAttempt?: () => Promise<void>;
}

/** Posts digest parts and finds parts already posted. Implemented by `slack/post-digest.ts`. */
export interface DigestDelivery<Message> {
  /**
   * Posts one part and returns its ts. Rejects with a {@link DeliveryError} when Slack refused or
   * could not be reached after the delivery's own retries.
   */
  postPart(part: PartToPost<Message>): Promise<string>;
  /** The digest of `slotId` in `channel` posted at or after `since`, or null when it is not there. */
  findPosted(channel: string, slotId: string, since: Date): Promise<PostedDigest | null>;
}

/**
 * Why a delivery failed: `transient` (retried next run), `channel` (this channel only, until
 * someone acts: the bot was removed, the channel archived) or `global` (the token or the app:
 * every channel would fail the same way, so the run stops).
 */
export type DeliveryFailureKind = 'transient' | 'channel' | 'global';

/** A delivery that failed, with a message safe to log and show (no secrets) that says how to fix it. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryFailureKind,
    message: string,
  ) {
    super(redactSecrets(message));
    this.name = 'DeliveryError';
  }
}
