import { describe, expect, it } from 'vitest';
import { isDueAt, nextSlot, parseCadenceWord } from '../../src/digest/cadence.ts';
import { createWorkingCalendar } from '../../src/digest/working-calendar.ts';

const calendar = createWorkingCalendar({ warn: () => undefined });
/** 09:00 in Shanghai on `day`. */
const nine = (day: string) => new Date(`${day}T01:00:00Z`);

describe('parseCadenceWord', () => {
  it('reads the English and Chinese names', () => {
    expect(['instant', '即时', 'daily', '每天', 'workdays', '工作日', 'Weekly', '每周', 'monthly', '四川'].map(parseCadenceWord)).toEqual([
      'instant', 'instant', 'daily', 'daily', 'workdays', 'workdays', 'weekly', 'weekly', null, null,
    ]);
  });
});

describe('isDueAt', () => {
  it('daily every day; workdays on working days; weekly on the first working day of the week; instant never at a cron slot', () => {
    const days = ['2024-09-29', '2024-09-30', '2024-10-01', '2024-10-07', '2024-10-08', '2024-10-12', '2024-10-13', '2024-10-14'];
    const due = (cadence: 'instant' | 'daily' | 'workdays' | 'weekly') => days.filter((d) => isDueAt(cadence, nine(d), calendar));
    expect(due('daily')).toEqual(days);
    expect(due('workdays')).toEqual(['2024-09-29', '2024-09-30', '2024-10-08', '2024-10-12', '2024-10-14']);
    expect(due('weekly')).toEqual(['2024-09-30', '2024-10-08', '2024-10-14']);
    expect(due('instant')).toEqual([]);
  });

  it('takes the day in China, not in UTC: 07:30 in Shanghai on 10-08 is still 10-07 in UTC', () => {
    expect(isDueAt('workdays', new Date('2024-10-07T23:30:00Z'), calendar)).toBe(true);
  });
});

describe('nextSlot', () => {
  it('skips the National Day holiday for workdays and finds the next week for weekly', () => {
    const afterMonday = new Date('2024-09-30T02:00:00Z'); // 10:00 Shanghai, Monday 09-30
    expect(nextSlot('daily', '0 9 * * *', 'Asia/Shanghai', afterMonday, calendar)).toEqual(nine('2024-10-01'));
    expect(nextSlot('workdays', '0 9 * * *', 'Asia/Shanghai', afterMonday, calendar)).toEqual(nine('2024-10-08'));
    expect(nextSlot('weekly', '0 9 * * *', 'Asia/Shanghai', afterMonday, calendar)).toEqual(nine('2024-10-08'));
    expect(nextSlot('weekly', '0 9 * * *', 'Asia/Shanghai', nine('2024-10-08'), calendar)).toEqual(nine('2024-10-14'));
    expect(nextSlot('workdays', '0 9 * * *', 'Asia/Shanghai', new Date('2024-10-11T02:00:00Z'), calendar)).toEqual(nine('2024-10-12'));
  });

  it('gives the next minute for instant, and null for a cron that never fires in the window', () => {
    expect(nextSlot('instant', '0 9 * * *', 'Asia/Shanghai', new Date('2024-10-08T01:02:30Z'), calendar)).toEqual(new Date('2024-10-08T01:03:00Z'));
    // 1 January only: not within the 45 days looked ahead from October.
    expect(nextSlot('daily', '0 9 1 1 *', 'Asia/Shanghai', new Date('2024-10-08T01:02:30Z'), calendar)).toBeNull();
  });
});
