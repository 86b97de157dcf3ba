// How often a channel gets its digest — `instant`, `daily`, `workdays`, `weekly` — and when the next
// one is due, on China's working calendar. Days are dates in China (Asia/Shanghai) whatever
// DIGEST_TZ says: the holidays and 调休 days are China's. Pure, given a calendar.
import cron from 'node-cron';
import { todayInShanghai } from '../search/understand-query.ts';
import type { Cadence } from '../store/subscription-store.ts';
import { firstWorkingDayOfWeek, type WorkingCalendar } from './working-calendar.ts';

export type { Cadence } from '../store/subscription-store.ts';

/** Every cadence, in the order forms and help list them. */
export const CADENCES: readonly Cadence[] = ['instant', 'daily', 'workdays', 'weekly'];

/** The words that name each cadence, English and Chinese (what `/healthnews subscribe` and DIGEST_CHANNELS accept). */
const CADENCE_WORDS: ReadonlyMap<string, Cadence> = new Map([
  ['instant', 'instant'],
  ['即时', 'instant'],
  ['实时', 'instant'],
  ['daily', 'daily'],
  ['每天', 'daily'],
  ['每日', 'daily'],
  ['workdays', 'workdays'],
  ['workday', 'workdays'],
  ['工作日', 'workdays'],
  ['weekly', 'weekly'],
  ['每周', 'weekly'],
]);

/**
 * The cadence a word names, or null.
 *
 * @example parseCadenceWord('工作日') // → 'workdays'
 * @example parseCadenceWord('Weekly') // → 'weekly'
 */
export function parseCadenceWord(word: string): Cadence | null {
  return CADENCE_WORDS.get(word.normalize('NFKC').trim().toLowerCase()) ?? null;
}

/** The cadence as messages name it. */
export function cadenceLabel(cadence: Cadence): string {
  switch (cadence) {
    case 'instant':
      return '即时';
    case 'daily':
      return '每天';
    case 'workdays':
      return '工作日';
    case 'weekly':
      return '每周';
  }
}

/** What arrives when, in a sentence, for confirmations and the settings form. */
export function cadenceDescription(cadence: Cadence): string {
  switch (cadence) {
    case 'instant':
      return '新文章到达后一分钟内发出，同一分钟到达的合成一条';
    case 'daily':
      return '每天一份摘要';
    case 'workdays':
      return '只在工作日发（法定节假日不发，调休上班日照发），休息日的文章并入下一份';
    case 'weekly':
      return '每周一份，在每周第一个工作日发';
  }
}

/**
 * Whether a digest slot at `time` is one this cadence posts in. `instant` never takes a cron slot:
 * it has slots of its own, one a minute.
 *
 * @example isDueAt('workdays', new Date('2024-10-12T01:00:00Z'), calendar) // → true (调休 Saturday)
 */
export function isDueAt(cadence: Cadence, time: Date, calendar: WorkingCalendar): boolean {
  const day = todayInShanghai(time);
  switch (cadence) {
    case 'instant':
      return false;
    case 'daily':
      return true;
    case 'workdays':
      return calendar.isWorkingDay(day);
    case 'weekly':
      return firstWorkingDayOfWeek(calendar, day) === day;
  }
}

const MINUTE = 60_000;
const DAY_MS = 24 * 3600_000;
/** How far ahead the next slot is looked for: past the longest holiday run and a weekly gap. */
const LOOKAHEAD_DAYS = 45;

/** node-cron's own "next fire after" (what its scheduler uses); not in its published types. */
interface CronTimeMatcher {
  getNextMatch(date: Date): Date;
}

function cronMatcher(expression: string, timezone: string): { matcher: CronTimeMatcher; destroy: () => void } {
  const task = cron.createTask(expression, () => undefined, { timezone });
  const matcher = (task as unknown as { timeMatcher?: CronTimeMatcher }).timeMatcher;
  if (typeof matcher?.getNextMatch !== 'function') {
    void task.destroy();
    throw new Error('node-cron no longer exposes timeMatcher.getNextMatch; nextSlot needs another way to find the next fire time');
  }
  return { matcher, destroy: () => void task.destroy() };
}

/**
 * When a channel with `cadence` next gets a digest after `now`: for `instant` the next minute,
 * otherwise the next `expression` fire (in `timezone`) on a day the cadence posts. Null when none
 * falls in the next 45 days (a cron that fires rarely, or never on such a day).
 *
 * @example nextSlot('workdays', '0 9 * * *', 'Asia/Shanghai', new Date('2024-09-30T02:00:00Z'), calendar)
 * // → 2024-10-08T01:00:00.000Z (09:00 after the National Day holiday)
 */
export function nextSlot(cadence: Cadence, expression: string, timezone: string, now: Date, calendar: WorkingCalendar): Date | null {
  if (cadence === 'instant') return new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
  const { matcher, destroy } = cronMatcher(expression, timezone);
  try {
    const end = now.getTime() + LOOKAHEAD_DAYS * DAY_MS;
    let fire = matcher.getNextMatch(now);
    while (fire.getTime() <= end) {
      if (fire.getTime() > now.getTime() && isDueAt(cadence, fire, calendar)) return fire;
      const after = matcher.getNextMatch(fire);
      // Always move forward, even if the matcher counts `fire` itself as its next match.
      fire = after.getTime() > fire.getTime() ? after : matcher.getNextMatch(new Date(fire.getTime() + 1000));
    }
    return null;
  } finally {
    destroy();
  }
}
