import { describe, expect, it } from 'vitest';
import { calendarCoversYear, createWorkingCalendar, firstWorkingDayOfWeek, weekStart } from '../../src/digest/working-calendar.ts';

function calendarWithLog(covers?: (year: number) => boolean) {
  const warnings: string[] = [];
  const calendar = createWorkingCalendar({ warn: (m) => warnings.push(m) }, covers);
  return { calendar, warnings };
}

describe('working calendar (State Council schedule via chinese-days)', () => {
  it('has the 2024 National Day holiday off and its 调休 weekend days on', () => {
    const { calendar, warnings } = calendarWithLog();
    const october = ['09-29', '09-30', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07', '10-08', '10-12', '10-13'];
    expect(october.map((d) => [d, calendar.isWorkingDay(`2024-${d}`)])).toEqual([
      ['09-29', true], // Sunday, 调休
      ['09-30', true],
      ['10-01', false],
      ['10-02', false],
      ['10-03', false],
      ['10-04', false],
      ['10-05', false],
      ['10-06', false],
      ['10-07', false], // Monday, still the holiday
      ['10-08', true],
      ['10-12', true], // Saturday, 调休
      ['10-13', false],
    ]);
    expect(warnings).toEqual([]);
  });

  it('knows the published years and not the ones to come', () => {
    expect(calendarCoversYear(2024)).toBe(true);
    expect(calendarCoversYear(2026)).toBe(true);
    expect(calendarCoversYear(2099)).toBe(false);
  });

  it('falls back to Monday–Friday in a year the package does not cover, and says so once', () => {
    const { calendar, warnings } = calendarWithLog();
    // 2099-10-01 is a Thursday: a working day by the fallback, whatever National Day will be then.
    expect(calendar.isWorkingDay('2099-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2099-10-03')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2099-10-05')).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no State Council holiday schedule for 2099; workdays and weekly digests use Monday–Friday/);
  });

  it('rejects what is not a date', () => {
    const { calendar } = calendarWithLog();
    expect(() => calendar.isWorkingDay('2024-10')).toThrow(/not a YYYY-MM-DD date/);
  });

  it('finds the first working day of a week (Monday–Sunday)', () => {
    const { calendar } = calendarWithLog();
    expect(weekStart('2024-10-13')).toBe('2024-10-07');
    expect(firstWorkingDayOfWeek(calendar, '2024-10-03')).toBe('2024-09-30');
    expect(firstWorkingDayOfWeek(calendar, '2024-10-10')).toBe('2024-10-08');
    expect(firstWorkingDayOfWeek(calendar, '2024-10-16')).toBe('2024-10-14');
  });
});
