import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { DigestScheduler } from '../../src/digest/digest-scheduler.ts';
import type { Slot } from '../../src/digest/digest-run.ts';

const logger = createLogger('error', () => undefined);

afterEach(() => {
  vi.useRealTimers();
});

function scheduler(options: { done?: Set<string>; notMissedBefore?: Date; run?: (slot: Slot, signal: AbortSignal) => Promise<unknown> } = {}) {
  const runs: Slot[] = [];
  const instantRuns: Slot[] = [];
  const done = options.done ?? new Set<string>();
  const s = new DigestScheduler({
    cron: '0 9 * * *',
    timezone: 'Asia/Shanghai',
    graceHours: 12,
    run:
      options.run ??
      (async (slot) => {
        // The minute ticks for instant channels are counted apart from the cron slots.
        (slot.kind === 'instant' ? instantRuns : runs).push(slot);
        done.add(slot.id);
      }),
    isSlotDone: async (id) => done.has(id),
    notMissedBefore: options.notMissedBefore ?? new Date(0),
    logger,
  });
  return { s, runs, instantRuns, done };
}

describe('DigestScheduler', () => {
  it('fires once at 09:00 Asia/Shanghai', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T00:59:59Z')); // 08:59:59 in Shanghai
    const { s, runs } = scheduler({ done: new Set(['cron:2024-04-30T01:00:00.000Z']) });
    await s.start();
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs.map((r) => [r.id, r.kind])).toEqual([['cron:2024-05-01T01:00:00.000Z', 'scheduled']]);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(runs).toHaveLength(1);
    await s.stop();
  });

  it('ticks once a minute for instant channels, each minute its own slot, and stops ticking on stop()', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T02:00:30Z'));
    const { s, instantRuns } = scheduler({ done: new Set(['cron:2024-05-01T01:00:00.000Z']) });
    await s.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(instantRuns.map((r) => r.id)).toEqual([
      'instant:2024-05-01T02:01:00.000Z',
      'instant:2024-05-01T02:02:00.000Z',
      'instant:2024-05-01T02:03:00.000Z',
    ]);
    await s.stop();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(instantRuns).toHaveLength(3);
  });

  it('catches up a slot missed while down, once; a second start does not run it again', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T04:00:00Z')); // 12:00 Shanghai, 3 h after the slot
    const done = new Set<string>();
    const first = scheduler({ done, notMissedBefore: new Date('2024-04-01T00:00:00Z') });
    await first.s.start();
    expect(first.runs.map((r) => [r.id, r.kind])).toEqual([['cron:2024-05-01T01:00:00.000Z', 'catch-up']]);
    await first.s.stop();
    const second = scheduler({ done, notMissedBefore: new Date('2024-04-01T00:00:00Z') });
    await second.s.start();
    expect(second.runs).toEqual([]);
    await second.s.stop();
  });

  it('does not catch up beyond the grace window, nor a slot from before the bot existed', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T14:00:00Z')); // 13 h after the slot
    const late = scheduler({ notMissedBefore: new Date('2024-04-01T00:00:00Z') });
    await late.s.start();
    expect(late.runs).toEqual([]);
    await late.s.stop();
    vi.setSystemTime(new Date('2024-05-01T04:00:00Z'));
    const fresh = scheduler({ notMissedBefore: new Date('2024-05-01T03:59:00Z') });
    await fresh.s.start();
    expect(fresh.runs).toEqual([]);
    await fresh.s.stop();
  });

  it('stop() waits for the run in progress', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T00:59:59Z'));
    let finished = false;
    const { s } = scheduler({
      done: new Set(['cron:2024-04-30T01:00:00.000Z']),
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        finished = true;
      },
    });
    await s.start();
    await vi.advanceTimersByTimeAsync(1_500);
    const stopping = s.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;
    expect(finished).toBe(true);
  });

  it('stop() tells a run waiting on another instance to stop waiting', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T00:59:59Z'));
    let gaveUp = false;
    const { s } = scheduler({
      done: new Set(['cron:2024-04-30T01:00:00.000Z']),
      // A run that would wait for ever for channels another instance holds, unless told to stop.
      run: (_slot, signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            gaveUp = true;
            resolve();
          }),
        ),
    });
    await s.start();
    await vi.advanceTimersByTimeAsync(1_500);
    await s.stop();
    expect(gaveUp).toBe(true);
  });

  it('keeps ticking instant minutes while a long cron run is in progress, and skips a minute whose predecessor is still running', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T00:59:30Z'));
    const started: string[] = [];
    const { s } = scheduler({
      done: new Set(['cron:2024-04-30T01:00:00.000Z']),
      run: async (slot) => {
        started.push(slot.id);
        // The 09:00 run takes ten minutes; the first instant minute after it takes two and a half.
        const ms = slot.kind === 'instant' ? (slot.id.endsWith('01:02:00.000Z') ? 150_000 : 1_000) : 600_000;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    await s.start();
    await vi.advanceTimersByTimeAsync(6 * 60_000);
    expect(started).toEqual([
      'cron:2024-05-01T01:00:00.000Z',
      'instant:2024-05-01T01:00:00.000Z',
      'instant:2024-05-01T01:01:00.000Z',
      'instant:2024-05-01T01:02:00.000Z',
      // 01:03 and 01:04 skipped: 01:02 was still running
      'instant:2024-05-01T01:05:00.000Z',
    ]);
    const stopping = s.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    await stopping;
  });
});
