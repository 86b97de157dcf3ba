// Long loops give the event loop back once their slice is used up, and only then.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forEachInSlices, SLICE_MS, TimeSlicer } from '../src/time-slices.ts';

let clock = 0;
afterEach(() => vi.restoreAllMocks());
const fakeTime = () => vi.spyOn(performance, 'now').mockImplementation(() => clock);

describe('TimeSlicer', () => {
  it('resolves at once while the slice has time left, and lets queued work run once it is used up', async () => {
    clock = 0;
    fakeTime();
    const slicer = new TimeSlicer();
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    clock = SLICE_MS - 1;
    await slicer.yieldIfDue();
    order.push('still in the slice');
    clock = SLICE_MS + 1;
    await slicer.yieldIfDue();
    order.push('after yielding');
    expect(order).toEqual(['still in the slice', 'other work', 'after yielding']);
  });
});

describe('forEachInSlices', () => {
  it('visits every index in order, yielding between slices', async () => {
    clock = 0;
    fakeTime();
    const seen: number[] = [];
    let checks = 0;
    const slicer = new TimeSlicer(1);
    const original = slicer.yieldIfDue.bind(slicer);
    slicer.yieldIfDue = async () => {
      checks++;
      await original();
    };
    await forEachInSlices(1000, (i) => {
      seen.push(i);
      clock += 0.01; // 256 visits take 2.56 ms: over the 1 ms slice at each check
    }, slicer);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(checks).toBe(3); // the slice is checked after visits 256, 512 and 768
  });
});
