import { describe, expect, it } from 'vitest';
import { createMemorySeenEvents } from '../../src/slack/event-dedupe.ts';

describe('createMemorySeenEvents', () => {
  it('says yes once per event id', () => {
    const seen = createMemorySeenEvents();
    expect([seen.firstSighting('Ev1'), seen.firstSighting('Ev1'), seen.firstSighting('Ev2')]).toEqual([true, false, true]);
  });

  it('forgets ids after the time to live', () => {
    let clock = 0;
    const seen = createMemorySeenEvents({ ttlMs: 1000, now: () => clock });
    seen.firstSighting('Ev1');
    clock = 999;
    expect(seen.firstSighting('Ev1')).toBe(false);
    clock = 2000;
    expect(seen.firstSighting('Ev1')).toBe(true);
  });

  it('keeps at most maxEntries ids, forgetting the oldest', () => {
    const seen = createMemorySeenEvents({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) seen.firstSighting(id);
    expect(seen.firstSighting('d')).toBe(false);
    expect(seen.firstSighting('a')).toBe(true);
  });
});
