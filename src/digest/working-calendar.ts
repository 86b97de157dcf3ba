// China's working calendar: which days are working days under the State Council's holiday schedule
// (statutory holidays off, 调休 make-up weekends on). The schedule itself comes from `chinese-days`,
// which tracks each year's 国务院办公厅 notice; a year it does not cover yet falls back to Monday–Friday
// and says so once in the log, so a stale package never silently stops the workdays digest.
import { createRequire } from 'node:module';

type ChineseDays = typeof import('chinese-days');

// Loaded on the first question (~25 ms of start-up otherwise, for a digest that may be hours away).
let chineseDays: ChineseDays | null = null;
function schedule(): ChineseDays {
  chineseDays ??= createRequire(import.meta.url)('chinese-days') as ChineseDays;
  return chineseDays;
}

/** Where the calendar reports a year it has no schedule for. */
export interface CalendarLog {
  warn(message: string): void;
}

/** Working days by calendar date (`YYYY-MM-DD`, a date in China). */
export interface WorkingCalendar {
  /** True on a working day: Monday–Friday unless a statutory holiday, and a 调休 weekend day. */
  isWorkingDay(day: string): boolean;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/**
 * True when the package ships the State Council schedule for `year`: every published year has
 * weekday holidays (元旦, 春节, 国庆…), a year without any is one it does not know.
 */
export function calendarCoversYear(year: number): boolean {
  return schedule().getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/**
 * The working calendar. `log` hears once per uncovered year that Monday–Friday is used instead.
 *
 * @example createWorkingCalendar(logger).isWorkingDay('2024-10-12') // → true (a 调休 Saturday)
 * @example createWorkingCalendar(logger).isWorkingDay('2024-10-01') // → false (国庆节)
 */
export function createWorkingCalendar(log: CalendarLog, covers: (year: number) => boolean = calendarCoversYear): WorkingCalendar {
  const coverage = new Map<number, boolean>();
  return {
    isWorkingDay(day: string): boolean {
      const match = DAY.exec(day);
      if (!match) throw new Error(`working calendar: "${day}" is not a YYYY-MM-DD date`);
      const year = Number(match[1]);
      let covered = coverage.get(year);
      if (covered === undefined) {
        covered = covers(year);
        coverage.set(year, covered);
        if (!covered) {
          log.warn(
            `working calendar: chinese-days has no State Council holiday schedule for ${year}; ` +
              'workdays and weekly digests use Monday–Friday that year (update the chinese-days package once the schedule is published)',
          );
        }
      }
      if (!covered) {
        const d = weekday(day);
        return d >= 1 && d <= 5;
      }
      return schedule().isWorkday(day);
    },
  };
}

/** Monday of the week (Monday–Sunday) that `day` falls in. */
export function weekStart(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

/**
 * The first working day of `day`'s week (Monday–Sunday), or null when the whole week is off
 * (never so far: even 春节 weeks have a 调休 day or a Monday–Friday day on one side).
 *
 * @example firstWorkingDayOfWeek(calendar, '2024-10-09') // → '2024-10-08' (10-07 is still 国庆)
 */
export function firstWorkingDayOfWeek(calendar: WorkingCalendar, day: string): string | null {
  const monday = weekStart(day);
  for (let i = 0; i < 7; i++) {
    const candidate = addDays(monday, i);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  return null;
}
