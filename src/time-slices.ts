// Long loops in the running bot (re-indexing, merging the corpus, saving the index) give the event
// loop back every few milliseconds, so a Slack request never waits behind them: Slack shows the
// person an error after 3 s, and we aim for acks well under 100 ms.

/** How long a loop may hold the event loop before it yields. */
export const SLICE_MS = 8;

/**
 * A clock for one long job: `await slicer.yieldIfDue()` in its loops resolves at once while the
 * current slice has time left, and otherwise after the event loop has run (setImmediate).
 *
 * @example
 * const slicer = new TimeSlicer();
 * for (let i = 0; i < articles.length; i++) {
 *   work(articles[i]);
 *   if ((i & 1023) === 1023) await slicer.yieldIfDue();
 * }
 */
export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly budgetMs = SLICE_MS) {}

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

/**
 * `visit(0)`, …, `visit(count - 1)` in slices of at most about `SLICE_MS` (checked every 256 calls,
 * so `visit` should be cheap: microseconds, not milliseconds).
 *
 * @example await forEachInSlices(articles.length, (i) => ids.push(articles[i]!.id));
 */
export async function forEachInSlices(count: number, visit: (i: number) => void, slicer = new TimeSlicer()): Promise<void> {
  for (let i = 0; i < count; i++) {
    visit(i);
    if ((i & 255) === 255) await slicer.yieldIfDue();
  }
}
