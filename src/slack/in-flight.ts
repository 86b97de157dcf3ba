// Counts the work the app has started and not finished (a search and its reply outlive the HTTP
// ack), so shutdown can wait for it instead of cutting an answer off halfway.

/** A counter of running tasks that can be waited on until it drops to zero. */
export class InFlight {
  private running = 0;
  private idle: Array<() => void> = [];

  /** Number of tasks still running. */
  get size(): number {
    return this.running;
  }

  /** Runs `task` and counts it until it settles; the result or error passes through unchanged. */
  async track<T>(task: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /**
   * Resolves true once nothing is running, or false after `timeoutMs` if something still is.
   *
   * @example await inFlight.drain(10_000) // → true when every reply went out in time
   */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
