// Runs the digest on its cron schedule in the digest's time zone, ticks every minute for `instant`
// channels, catches up a slot missed while the bot was down (within the grace window), and stops
// cleanly, waiting for the runs in progress. Cron slots and instant minutes run in lanes of their
// own, so a long daily run does not hold back the instant channels (whose posts then share the
// pace with it).
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '@slack/bolt';
import { latestSlot } from './digest-slots.ts';
import { cronSlot, instantSlot, type Slot } from './digest-run.ts';

export interface DigestSchedulerOptions {
  cron: string;
  timezone: string;
  /** How far back a missed slot is still caught up at start; 0 turns catch-up off. */
  graceHours: number;
  /** Runs one slot; never two cron slots at once, nor two instant minutes. `signal` is aborted by `stop()`. */
  run: (slot: Slot, signal: AbortSignal) => Promise<unknown>;
  /** True when the slot's run finished (so a restart does not run it again). */
  isSlotDone: (slotId: string) => Promise<boolean>;
  /** Slots before this (the state's creation) were never missed: the bot did not exist yet. */
  notMissedBefore: Date;
  logger: Logger;
}

/** The digest's clock. `start()` schedules and catches up; `stop()` waits for the run in flight. */
export class DigestScheduler {
  private task: ScheduledTask | null = null;
  private instantTask: ScheduledTask | null = null;
  /** The cron lane: fired slots and the catch-up, one after another. */
  private inFlight: Promise<void> = Promise.resolve();
  /** The instant lane: the minute's run, or null between minutes. */
  private instantInFlight: Promise<void> | null = null;
  private stopped = false;
  /** Aborted by stop(): a run waiting for channels another instance holds stops waiting. */
  private stopping = new AbortController();

  constructor(private readonly options: DigestSchedulerOptions) {}

  /**
   * Starts the cron job, then catches up the latest slot if it was missed within the grace window.
   * Resolves when the catch-up (if any) has finished.
   */
  async start(): Promise<void> {
    const { cron: expression, timezone, logger } = this.options;
    this.stopped = false;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.task = cron.createTask(expression, (context) => this.enqueue(cronSlot(context.date, 'scheduled')), {
      timezone,
      name: 'healthnews-digest',
    });
    await this.task.start();
    // Instant channels: every minute, beside the cron lane.
    this.instantTask = cron.createTask('* * * * *', (context) => this.tickInstant(instantSlot(context.date)), { name: 'healthnews-instant' });
    await this.instantTask.start();
    logger.info(`digest scheduled "${expression}" in ${timezone}; next at ${this.task.getNextRun()?.toISOString() ?? 'never'}`);
    await this.catchUp();
  }

  /** The catch-up on its own: runs the latest missed slot within the grace window, once. */
  async catchUp(now = new Date()): Promise<Slot | null> {
    const { cron: expression, timezone, graceHours, logger } = this.options;
    if (graceHours <= 0) return null;
    const latest = latestSlot(expression, timezone, now, graceHours * 3600_000);
    if (!latest || latest < this.options.notMissedBefore) return null;
    const slot = cronSlot(latest, 'catch-up');
    if (await this.options.isSlotDone(slot.id)) return null;
    logger.info(`digest slot ${latest.toISOString()} was missed while the bot was down; catching up now`);
    await this.enqueue(slot);
    return slot;
  }

  /** Runs cron slots one after another, so a slow run and the next fire (or a catch-up) never overlap. */
  private enqueue(slot: Slot): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const next = this.inFlight.then(() => this.runGuarded(slot));
    this.inFlight = next;
    return next;
  }

  /**
   * Runs the minute's instant slot, unless the previous minute's is still running: then this
   * minute is skipped, and the next one sends what it would have (each channel gets everything it
   * has not had yet), instead of minutes piling up behind a slow one.
   */
  private tickInstant(slot: Slot): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.instantInFlight) {
      this.options.logger.debug(`digest ${slot.id}: the previous minute is still being delivered; its channels get this minute's articles next`);
      return this.instantInFlight;
    }
    const run = this.runGuarded(slot).finally(() => {
      if (this.instantInFlight === run) this.instantInFlight = null;
    });
    this.instantInFlight = run;
    return run;
  }

  private async runGuarded(slot: Slot): Promise<void> {
    if (this.stopped) return;
    try {
      await this.options.run(slot, this.stopping.signal);
    } catch (error) {
      this.options.logger.error(`digest ${slot.id} failed`, error);
    }
  }

  /** Resolves once the runs started so far (fired slots, catch-up, the instant minute) have finished. */
  async whenIdle(): Promise<void> {
    await Promise.all([this.inFlight, this.instantInFlight]);
  }

  /** Stops firing and waits for the run in progress (for SIGTERM). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const task of [this.task, this.instantTask]) {
      if (!task) continue;
      await task.stop();
      await task.destroy();
    }
    this.task = null;
    this.instantTask = null;
    await this.whenIdle();
  }
}
