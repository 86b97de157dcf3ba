// The one way an answering listener gets to answer, after its ack: wait for a turn, then say "still
// loading" if the index is not there yet, or answer from it — or, when too many answers already
// wait, say "busy, try again" at once. Every listener that searches goes through `Answering`, so
// none can forget the turn or word the loading reply its own way.
//
// Why turns: a search is CPU-bound and Bolt acks from the same event loop. Answers run in batches,
// one batch per event-loop iteration and each within a small time budget (the search and the
// sending of its reply), and every iteration first reads the requests that arrived, so an ack
// waits at most for one batch, never for a queue of searches. (setImmediate per answer would run every queued search in one iteration before
// reading any new request; one answer per iteration, as before, let ~30,000 answers pile up under
// a ~1,300 req/s load, and collecting that heap stalled the main thread for ~300 ms at a time.)
import type { NewsSearch } from '../search/search-types.ts';
import { busyNotice, loadingNotice } from './blocks/notices.ts';
import type { SlackMessage } from './blocks/message.ts';

/**
 * Answering per event-loop iteration, at most (one answer always runs). Measured with the HTTP
 * bench at 10,000 articles, paired runs: 8 ms let answers take so much of the loop that acks fell
 * to 17–26% of bare Bolt with p99 91–168 ms and half the askers were told busy; 2 ms kept acks at
 * p99 40–60 ms and 28% of bare, with every answer of the burst delivered (the last ~10 s after it).
 */
export const TURN_BUDGET_MS = 2;
/** Answers started per iteration, at most, however quick they are (bounds the microtasks one iteration queues). */
export const TURN_MAX_ANSWERS = 64;
/**
 * Answers that may wait at once; the next one is told the bot is busy instead. At the few hundred
 * to ~1,500 answers a second one core gives, a wait of several seconds to half a minute: Slack
 * takes a reply for 30 minutes, so an answer that late beats asking again. The bound keeps the
 * backlog's memory small (an unbounded one reached ~30,000 under overload, and collecting it
 * stalled the loop ~300 ms; with this bound the longest stall measured was ~100 ms).
 */
export const MAX_WAITING_ANSWERS = 10_000;

export interface AnswerTurnOptions {
  budgetMs?: number;
  maxPerTurn?: number;
  maxWaiting?: number;
  /** Milliseconds, monotonic; injectable so tests need no real time. */
  now?: () => number;
}

interface Waiting {
  run: () => Promise<unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The slots of one turn: setImmediate callbacks queued together, so they run in one check phase. */
interface Turn {
  slots: number;
  startedAt: number | null;
}

/**
 * A queue of answers taken in bounded batches, one batch per event-loop iteration.
 *
 * Each answer of a batch runs in a setImmediate callback of its own, all queued together so they
 * run in the same check phase. Node runs the microtasks an answer queued (sending its reply)
 * before the next callback, so the budget, checked at the start of each, counts all of an
 * answer's work, not only its search.
 */
export class AnswerTurns {
  private readonly budgetMs: number;
  private readonly maxPerTurn: number;
  private readonly maxWaiting: number;
  private readonly now: () => number;
  private queue: Waiting[] = [];
  private head = 0;
  /** The turn whose slots are queued or running; null when nothing waits. */
  private turn: Turn | null = null;

  constructor(options: AnswerTurnOptions = {}) {
    this.budgetMs = options.budgetMs ?? TURN_BUDGET_MS;
    this.maxPerTurn = options.maxPerTurn ?? TURN_MAX_ANSWERS;
    this.maxWaiting = options.maxWaiting ?? MAX_WAITING_ANSWERS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Answers waiting for their turn. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** True when the next `take` would be told busy. */
  get full(): boolean {
    return this.waiting >= this.maxWaiting;
  }

  /**
   * Runs `task` in its turn and settles as it does; resolves `'busy'` at once, without running it,
   * when `maxWaiting` answers already wait.
   *
   * @example await turns.take(async () => respond(answerQuery(search, request))) // → 'done'
   */
  take(task: () => Promise<unknown>): Promise<'done' | 'busy'> {
    if (this.full) return Promise.resolve('busy');
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ run: task, resolve, reject });
      if (!this.turn) this.turn = this.scheduleTurn();
      // A turn not started yet takes the newcomer too (its slot joins the same check phase).
      else if (this.turn.startedAt === null && this.turn.slots < Math.min(this.waiting, this.maxPerTurn)) this.addSlot(this.turn);
    }).then(() => 'done' as const);
  }

  private scheduleTurn(): Turn {
    const turn: Turn = { slots: 0, startedAt: null };
    const slots = Math.min(this.waiting, this.maxPerTurn);
    for (let i = 0; i < slots; i++) this.addSlot(turn);
    return turn;
  }

  private addSlot(turn: Turn): void {
    turn.slots += 1;
    setImmediate(() => this.runSlot(turn));
  }

  private runSlot(turn: Turn): void {
    turn.startedAt ??= this.now();
    if (this.now() - turn.startedAt < this.budgetMs) this.runNext();
    turn.slots -= 1;
    if (turn.slots > 0) return;
    // The turn's last slot: the rest wait for the next iteration, after new requests are read.
    this.turn = this.waiting > 0 ? this.scheduleTurn() : null;
  }

  private runNext(): void {
    if (this.head >= this.queue.length) return;
    const next = this.queue[this.head]!;
    this.queue[this.head] = undefined as unknown as Waiting; // let the finished entry be collected
    this.head += 1;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    let settled: Promise<unknown>;
    try {
      settled = next.run();
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(next.resolve, next.reject);
  }
}

/** How a listener sends a message back to the person who asked (respond, or a post in a thread). */
export type ReplyFn = (message: SlackMessage) => Promise<unknown>;

/** The wrapper every answering listener goes through, right after its ack. */
export class Answering {
  constructor(
    private readonly getSearch: () => NewsSearch | null,
    private readonly turns: AnswerTurns = new AnswerTurns(),
  ) {}

  /**
   * Waits for a turn, then answers from the current index — or replies that the articles are
   * still loading. Replies that the bot is busy when too many answers wait.
   *
   * @example await answering.withIndex(reply, (search) => reply(answerQuery(search, { text: '四川', mode: 'private' })))
   */
  async withIndex(reply: ReplyFn, answer: (search: NewsSearch) => Promise<unknown>): Promise<void> {
    await this.inTurn(reply, () => {
      const search = this.getSearch();
      return search ? answer(search) : reply(loadingNotice());
    });
  }

  /** Waits for a turn and runs `task` (an answer that needs no index: help, subscriptions). Replies busy as `withIndex` does. */
  async inTurn(reply: ReplyFn, task: () => Promise<unknown>): Promise<void> {
    if ((await this.turns.take(task)) === 'busy') await reply(busyNotice());
  }

  /**
   * Acks a slash command: empty when its answer can wait for a turn, or — when too many already
   * wait — with the busy notice as the ack's own message, which costs no second request and so
   * sheds load where it is cheapest. Returns whether to go on and answer.
   *
   * @example if (!(await answering.ackCommand(ack))) return;
   */
  async ackCommand(ack: (message?: SlackMessage & { response_type: 'ephemeral' }) => Promise<void>): Promise<boolean> {
    if (!this.turns.full) {
      await ack();
      return true;
    }
    await ack({ response_type: 'ephemeral', ...busyNotice() });
    return false;
  }
}
