// Understands a user's query before it is searched: region words become a region filter, time
// words a date filter or a newest-first order, filler is dropped, and what is left are the terms.
// Every term is a substring of the query, so dropping words can only widen what matches. A query
// with a question word or of sentence length is a question: its terms are then the content
// chunks that question-chunks.ts leaves, searched by ranked retrieval instead of verbatim.
import { findRegionMentions } from '../regions/find-regions.ts';
import type { RegionFilter } from '../regions/region-filter.ts';
import type { DateRange, UnderstoodQuery } from './search-types.ts';
import { endsWordWith, isQuestion, isWhereQuestion, questionChunks, startsWordWith } from './question-chunks.ts';
import { normalizeQuery } from './query-text.ts';
import { relatedWords } from './synonyms.ts';
import { normalizeForMatch } from './tokenize.ts';

// Longest first, so `有没有` goes before `有`. Multi-character filler may be dropped anywhere in the
// text; a filler inside a content word only splits it into two terms that must both match, which
// keeps every article that contained the whole word.
const FILLER_PHRASES = [
  '告诉我', '想知道', '有什么', '有哪些', '有没有', '是什么', '怎么样', '帮我找', '帮我查', '查一下', '搜一下', '看一下',
  '什么', '哪些', '新闻', '消息', '资讯', '动态', '报道', '文章', '相关', '有关', '关于', '请问', '帮我', '给我',
  '我想', '看看', '一下', '查询', '查找', '搜索', '方面', '一些', '那些', '这些',
];
// Particles and conjunctions that split terms wherever they stand.
const FILLER_CHARS = new Set(['的', '吗', '呢', '吧', '啊', '呀', '和', '与', '及', '或', '跟']);
// Words that are filler only at the edge of a piece: `有健康卡吗` means 健康卡, but `检查` keeps its 查.
const LEADING_FILLER = new Set(['有', '是', '我', '请', '找', '查', '看', '在', '要']);
const TRAILING_FILLER = new Set(['么', '了', '吗', '呢', '啊']);

/** Time words that ask for the newest first without filtering. */
const RECENT_WORDS = ['最近', '近期', '最新', '近来', '新近'];

export interface UnderstandOptions {
  /** `YYYY-MM-DD` that `今天`, `本周`, `10月` count from. */
  today: string;
}

/** Today's date in China (the news is Chinese; its readers' "today" is Beijing time). */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function parseIso(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
function shiftDays(day: string, delta: number): string {
  const d = parseIso(day);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}
function monthRange(y: number, m: number): DateRange {
  return { from: iso(y, m, 1), to: iso(y, m, daysInMonth(y, m)) };
}
function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

interface TimeMatch {
  start: number;
  end: number;
  range: DateRange | null;
  label: string;
  newest: boolean;
}

/** Finds every time expression in `text` (already NFKC-normalised); overlaps are settled by the caller. */
function findTime(text: string, today: string): TimeMatch[] {
  const [ty, tm] = today.split('-').map(Number) as [number, number, number];
  const found: TimeMatch[] = [];
  const add = (m: RegExpExecArray, range: DateRange | null, label: string, newest = false) =>
    found.push({ start: m.index, end: m.index + m[0].length, range, label, newest });

  let m: RegExpExecArray | null;
  const fullDay = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/g;
  while ((m = fullDay.exec(text))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDay(y, mo, d)) add(m, { from: iso(y, mo, d), to: iso(y, mo, d) }, iso(y, mo, d));
  }
  const yearMonth = /(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*月份?)?(?![\d])/g;
  while ((m = yearMonth.exec(text))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo >= 1 && mo <= 12) add(m, monthRange(y, mo), `${y}年${mo}月`);
  }
  const yearOnly = /(\d{4})\s*年(?!\s*\d)/g;
  while ((m = yearOnly.exec(text))) {
    const y = Number(m[1]);
    add(m, { from: iso(y, 1, 1), to: iso(y, 12, 31) }, `${y}年`);
  }
  // `10月30日` / `10月`: the latest such day or month not after today.
  const monthDay = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g;
  while ((m = monthDay.exec(text))) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    let y = ty;
    if (!validDay(y, mo, d) && !validDay(y - 1, mo, d)) continue;
    if (iso(y, mo, d) > today || !validDay(y, mo, d)) y -= 1;
    add(m, { from: iso(y, mo, d), to: iso(y, mo, d) }, `${y}年${mo}月${d}日`);
  }
  const monthOnly = /(?<![\d年\-/.])(\d{1,2})\s*月份?/g;
  while ((m = monthOnly.exec(text))) {
    const mo = Number(m[1]);
    if (mo < 1 || mo > 12) continue;
    const y = mo > tm ? ty - 1 : ty;
    add(m, monthRange(y, mo), `${y}年${mo}月`);
  }
  const words: Array<[RegExp, () => { range: DateRange | null; newest?: boolean }]> = [
    [/今天|今日/g, () => ({ range: { from: today, to: today } })],
    [/昨天|昨日/g, () => ({ range: { from: shiftDays(today, -1), to: shiftDays(today, -1) } })],
    [/本周|这周|这星期|本星期|这一周/g, () => {
      const weekday = (parseIso(today).getUTCDay() + 6) % 7; // Monday = 0: Chinese weeks start on Monday
      return { range: { from: shiftDays(today, -weekday), to: today } };
    }],
    [/上周|上星期|上一周/g, () => {
      const weekday = (parseIso(today).getUTCDay() + 6) % 7;
      return { range: { from: shiftDays(today, -weekday - 7), to: shiftDays(today, -weekday - 1) } };
    }],
    [/本月|这个月|这月/g, () => ({ range: { from: iso(ty, tm, 1), to: today } })],
    [/上个月|上月/g, () => (tm === 1 ? { range: monthRange(ty - 1, 12) } : { range: monthRange(ty, tm - 1) })],
    [/今年|本年/g, () => ({ range: { from: iso(ty, 1, 1), to: today } })],
    [/去年/g, () => ({ range: { from: iso(ty - 1, 1, 1), to: iso(ty - 1, 12, 31) } })],
    [new RegExp(RECENT_WORDS.join('|'), 'g'), () => ({ range: null, newest: true })],
  ];
  for (const [pattern, make] of words) {
    while ((m = pattern.exec(text))) {
      const { range, newest } = make();
      add(m, range, m[0], newest ?? false);
    }
  }
  return found;
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/**
 * Drops filler from a piece of leftover text and returns the content terms in it. `trimEdges`
 * false leaves single characters at the edges to the question chunker, which knows the words
 * they start (`在线`).
 */
function termsIn(piece: string, trimEdges = true): string[] {
  let text = piece;
  for (const phrase of FILLER_PHRASES) text = text.split(phrase).join(' ');
  const terms: string[] = [];
  // A run of Han, Latin letters and digits is one term (`IC卡`, `HIS系统`, `5G急救` mean the
  // compound); spaces, punctuation and symbols separate terms.
  for (const run of text.match(/[\p{Script=Han}\p{Script=Latin}\p{Nd}][\p{Script=Han}\p{Script=Latin}\p{Nd}.+#-]*/gu) ?? []) {
    for (const part of Array.from(run).map((ch) => (FILLER_CHARS.has(ch) ? ' ' : ch)).join('').split(' ')) {
      let chars = Array.from(part.replace(/[.+#-]+$/, ''));
      // Not where the character starts or ends a word: `在线问诊` keeps its 在, `为了` its 了.
      while (trimEdges && chars.length > 0 && LEADING_FILLER.has(chars[0]!) && !startsWordWith(chars[0]!, chars[1])) chars = chars.slice(1);
      while (trimEdges && chars.length > 0 && TRAILING_FILLER.has(chars[chars.length - 1]!) && !endsWordWith(chars[chars.length - 1]!, chars[chars.length - 2])) {
        chars = chars.slice(0, -1);
      }
      if (chars.length > 0) terms.push(chars.join(''));
    }
  }
  return terms.filter(Boolean);
}

/**
 * Understands a query: keyword or question, regions, time, terms (a question's content chunks) and order.
 *
 * @example understandQuery('陕西最近的健康卡新闻', { today: '2026-11-26' })
 * // → { mode: 'keyword', regions: [{ province: '陕西', … }], terms: ['健康卡'], dateRange: null, timeLabel: '最近', order: 'newest', … }
 * understandQuery('有哪些医院开通了远程会诊？', { today: '2026-11-26' })
 * // → { mode: 'question', where: true, terms: ['医院开通', '远程会诊'], order: 'relevance', … }
 */
export function understandQuery(raw: string, options: UnderstandOptions): UnderstoodQuery {
  // Cut to the one query limit: no reader types more, and it bounds the work one query can cause.
  const cleaned = normalizeQuery(raw).text;
  let text = normalizeForMatch(cleaned);

  let dateRange: DateRange | null = null;
  let timeLabel: string | null = null;
  let newest = false;
  const times = findTime(text, options.today).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Array<[number, number]> = [];
  for (const time of times) {
    if (taken.some(([s, e]) => time.start < e && time.end > s)) continue; // inside a longer match
    taken.push([time.start, time.end]);
    if (time.newest) newest = true;
    if (time.range && !dateRange) dateRange = time.range;
    timeLabel = timeLabel ? `${timeLabel} ${time.label}` : time.label;
  }
  for (const [s, e] of taken) text = blank(text, s, e);

  const regions: RegionFilter[] = [];
  for (const mention of findRegionMentions(text)) {
    if (!regions.some((r) => r.province === mention.filter.province && r.city === mention.filter.city && r.county === mention.filter.county)) {
      regions.push(mention.filter);
    }
    text = blank(text, mention.start, mention.end);
  }

  const question = isQuestion(text);
  const found = termsIn(text, !question);
  // A lone character left over from splitting (`我想看医疗` → `看`) is noise next to real terms;
  // typed on its own it is what the user asked for.
  const hasLongTerm = found.some((t) => Array.from(t).length > 1 || !/\p{Script=Han}/u.test(t));
  const terms: string[] = [];
  for (const term of found) {
    if (hasLongTerm && /\p{Script=Han}/u.test(term) && Array.from(term).length === 1) continue;
    if (!terms.includes(term)) terms.push(term);
  }

  if (question) {
    // A question's chunks are searched by ranked retrieval: none has to occur, so a question
    // word or generic noun left in would only add noise, never empty the answer.
    const chunks = questionChunks(found);
    return {
      raw: cleaned,
      mode: 'question',
      where: isWhereQuestion(text),
      regions,
      terms: chunks,
      related: relatedWords(chunks),
      dateRange,
      timeLabel,
      order: newest || chunks.length === 0 ? 'newest' : 'relevance',
    };
  }
  return {
    raw: cleaned,
    mode: 'keyword',
    where: false,
    regions,
    terms,
    dateRange,
    timeLabel,
    order: newest || terms.length === 0 ? 'newest' : 'relevance',
  };
}
