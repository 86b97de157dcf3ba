// When a digest was due: the latest cron slot at or before a moment, in the digest's time zone
// (what the scheduler's catch-up at start relies on).
import { describe, expect, it } from 'vitest';
import { latestSlot } from '../../src/digest/digest-slots.ts';

const HOUR = 3600_000;

describe('latestSlot', () => {
  it('finds 09:00 Asia/Shanghai (01:00Z) as the latest slot at 11:00 there', () => {
    expect(latestSlot('0 9 * * *', 'Asia/Shanghai', new Date('2024-05-01T03:00:00Z'), 12 * HOUR)).toEqual(new Date('2024-05-01T01:00:00Z'));
  });
  it('counts the slot itself as due at exactly 09:00', () => {
    expect(latestSlot('0 9 * * *', 'Asia/Shanghai', new Date('2024-05-01T01:00:30Z'), HOUR)).toEqual(new Date('2024-05-01T01:00:00Z'));
  });
  it('gives null when no slot falls in the window', () => {
    expect(latestSlot('0 9 * * *', 'Asia/Shanghai', new Date('2024-05-01T00:59:00Z'), 12 * HOUR)).toBeNull();
  });
  it('follows the zone, not the machine: 09:00 in New York is 13:00Z in summer', () => {
    expect(latestSlot('0 9 * * *', 'America/New_York', new Date('2024-07-01T15:00:00Z'), 12 * HOUR)).toEqual(new Date('2024-07-01T13:00:00Z'));
  });
});
