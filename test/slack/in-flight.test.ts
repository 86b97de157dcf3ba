import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/slack/in-flight.ts';

describe('InFlight', () => {
  it('counts running tasks and passes results and errors through unchanged', async () => {
    const inFlight = new InFlight();
    let finish!: (value: string) => void;
    const task = inFlight.track(() => new Promise<string>((resolve) => (finish = resolve)));
    expect(inFlight.size).toBe(1);
    finish('answer');
    await expect(task).resolves.toBe('answer');
    expect(inFlight.size).toBe(0);
    await expect(inFlight.track(async () => { throw new Error('failed'); })).rejects.toThrow('failed');
    expect(inFlight.size).toBe(0);
  });

  it('drains to true once the last task settles, and at once when nothing runs', async () => {
    const inFlight = new InFlight();
    await expect(inFlight.drain(10)).resolves.toBe(true);
    let finish!: () => void;
    const task = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const drained = inFlight.drain(10_000);
    finish();
    await task;
    await expect(drained).resolves.toBe(true);
  });

  it('drains to false when a task outlives the timeout', async () => {
    const inFlight = new InFlight();
    void inFlight.track(() => new Promise<void>(() => undefined));
    await expect(inFlight.drain(1)).resolves.toBe(false);
    expect(inFlight.size).toBe(1);
  });
});
