// Turns the text of one news listing page into articles and precise problem reports. Pure: no I/O,
// no clock, no region lookup — `read-pages.ts` does those. Format: a section line, then records
// each introduced by a line holding only `-`, a title line ending in `YYYY-MM-DD`, summary lines.
import { hash } from 'node:crypto';
import type { Article, Problem } from './article.ts';

/** An article as a page gives it: everything but the region, which needs the gazetteer. */
export interface PageArticle extends Omit<Article, 'region'> {}

/** What one page yields: its section, its articles in page order, and what was wrong with it. */
export interface ParsedPage {
  section: string;
  articles: PageArticle[];
  problems: Problem[];
}

/** Used when a page has no section line; every page we have seen is this section. */
export const DEFAULT_SECTION = '地方新闻';

// Digits may be full-width (０-９) and separators full-width (－／．); all become ASCII via NFKC.
// Spaces inside a date are bounded so a line of many spaces cannot make matching quadratic.
const DIGIT = '[0-9０-９]';
const GAP = '[ \\t\\u3000]{0,2}';
const YMD = `(${DIGIT}{4})${GAP}(?<sep>[-/.－／．])${GAP}(${DIGIT}{1,2})${GAP}\\k<sep>${GAP}(${DIGIT}{1,2})`;
const CJK_YMD = `(${DIGIT}{4})${GAP}年${GAP}(${DIGIT}{1,2})${GAP}月${GAP}(${DIGIT}{1,2})${GAP}日?`;
const TRAILING_DATE = new RegExp(`(?:${YMD}|${CJK_YMD})$`, 'u');
const WHOLE_DATE = new RegExp(`^(?:${YMD}|${CJK_YMD})$`, 'u');

// Years outside this window are typos (`0214`, `20144`), not real publication dates.
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * Reads a publication date written in any of the variants pages use and returns it as
 * `YYYY-MM-DD`, or null when the text is not a date or names a day that does not exist.
 *
 * @example
 * parseDate('2014/10/30');   // '2014-10-30'
 * parseDate('２０１４．１０．３'); // '2014-10-03'
 * parseDate('2014年1月5日');  // '2014-01-05'
 * parseDate('2014-13-45');   // null
 */
export function parseDate(text: string): string | null {
  const match = WHOLE_DATE.exec(text.trim());
  return match ? dateFromMatch(match, 1) : null;
}

/** `match` holds YMD groups at offset..offset+3 (with a separator group) then CJK groups. */
function dateFromMatch(match: RegExpExecArray, offset: number): string | null {
  const ymd = match[offset] !== undefined;
  const y = ymd ? match[offset]! : match[offset + 4]!;
  const m = ymd ? match[offset + 2]! : match[offset + 5]!;
  const d = ymd ? match[offset + 3]! : match[offset + 6]!;
  return validDate(digitsValue(y), digitsValue(m), digitsValue(d));
}

// Days per month in a common year; February gets its 29th in leap years.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Each day's `YYYY-MM-DD` made once and shared by every article of that day (at most the ~73,000
// days between MIN_YEAR and MAX_YEAR; a 10-year corpus has ~3,650), not one string per article.
const DATES = new Map<number, string>();

function validDate(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  // Gregorian leap years, as Date.UTC counts them (1900 and 2100 are not, 2000 is).
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0)) return null;
  const key = (year * 100 + month) * 100 + day;
  let date = DATES.get(key);
  if (date === undefined) {
    date = `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
    DATES.set(key, date);
  }
  return date;
}

/** The number written by a run of ASCII (`0-9`) or full-width (`０-９`) digits, as NFKC reads it. */
function digitsValue(digits: string): number {
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    value = value * 10 + (code >= 0xff10 ? code - 0xff10 : code - 0x30);
  }
  return value;
}

// Invisible characters that sneak in from copy-paste and would make equal titles differ; U+FEFF
// is also the byte-order mark some editors put before the section line.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** How a title or summary line is shown: NFC, no invisible characters, ends trimmed. */
function displayText(line: string): string {
  return line.replace(INVISIBLE, '').normalize('NFC').trim();
}

// CJK punctuation NFKC leaves alone but that pages use interchangeably with an ASCII mark.
const PUNCTUATION_FOLD: Record<string, string> = {
  '。': '.', '、': ',', '“': '"', '”': '"', '„': '"', '‘': "'", '’': "'",
  '【': '[', '】': ']', '〔': '[', '〕': ']', '《': '<', '》': '>', '〈': '<', '〉': '>',
  '—': '-', '–': '-', '―': '-', '‐': '-', '…': '...', '・': '·',
};
const FOLDABLE = new RegExp(`[${Object.keys(PUNCTUATION_FOLD).join('')}]`, 'g');

/**
 * The form of a title used to decide whether two titles name the same article: NFKC (so `：`
 * and `:`, `（` and `(`, `２` and `2` agree), CJK punctuation folded to ASCII, Latin lower-cased,
 * and whitespace dropped except one space between two Latin letters or digits (`IT 建设` and
 * `IT建设` agree; `e health` and `ehealth` do not).
 *
 * @example
 * titleIdentity('四川：首家省级健康云平台“健康四川” 正式发布') === titleIdentity('四川:首家省级健康云平台"健康四川"正式发布'); // true
 */
export function titleIdentity(title: string): string {
  return title
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(FOLDABLE, (mark) => PUNCTUATION_FOLD[mark] ?? mark)
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/ /g, (space, at: number, whole: string) =>
      /[a-z0-9]/.test(whole[at - 1] ?? '') && /[a-z0-9]/.test(whole[at + 1] ?? '') ? space : '',
    );
}

/**
 * The stable id of an article: the first 16 hex digits of the SHA-256 of its identity title and
 * date, so the same article gets the same id on every run and on every page that lists it.
 *
 * @example
 * articleId('四川：联通将投资10亿元打造“智慧广元”', '2014-10-30') === articleId('四川:联通将投资10亿元打造"智慧广元"', '2014-10-30'); // true
 * articleId('同一标题', '2014-10-30') === articleId('同一标题', null); // false
 */
export function articleId(title: string, date: string | null): string {
  const key = `${titleIdentity(title)}\n${date ?? ''}`;
  // One-shot hash (no Hash stream object per article); hex of the first 8 bytes rather than a
  // slice of all 64 digits, which would keep the 64-digit string alive with the article (~8 MB
  // over 100,000 articles).
  return hash('sha256', key, 'buffer').toString('hex', 0, 8);
}

interface Line {
  /** 1-based line number in the file. */
  number: number;
  /** The line as displayed: NFC, trimmed, invisible characters removed. */
  text: string;
  /** What {@link readTitleLine} makes of `text`, once asked (a line is looked at up to three times). */
  titled: TitleLine | null | undefined;
}

/** The non-blank lines after one `-` line (`opener`, 0 for the preamble) up to the next. */
interface Block {
  opener: number;
  lines: Line[];
}

interface TitleLine {
  title: string;
  date: string | null;
  /** The date-like text at the end when it names an impossible day, for the report. */
  impossibleDate: string | null;
}

/** The line read as a title, worked out on first use and kept on the line. */
function titleOf(line: Line): TitleLine | null {
  if (line.titled === undefined) line.titled = readTitleLine(line.text);
  return line.titled;
}

// Every text TRAILING_DATE matches ends in a digit, 日 or (after a dateless 月 day) a gap; most
// lines (summaries) end in none of these and need not be scanned for a date from every position.
const DATE_END = /[0-9０-９日 \t\u3000]$/;

function readTitleLine(text: string): TitleLine | null {
  if (!DATE_END.test(text)) return null;
  const match = TRAILING_DATE.exec(text);
  if (!match) return null;
  const date = dateFromMatch(match, 1);
  return { title: text.slice(0, match.index).trim(), date, impossibleDate: date === null ? match[0] : null };
}

// The site cuts summaries off with `…`; a line ending so is summary text, never a title.
const TRUNCATED = /(?:…|\.\.\.)$/u;
// Titles on these pages stay under ~45 characters; a longer dateless line is a summary.
const LONGEST_TITLE = 60;

function looksLikeSummary(text: string): boolean {
  return TRUNCATED.test(text) || [...text].length > LONGEST_TITLE || /[。！？]$/u.test(text);
}

// Only a single character can read as `-` under NFKC (`-`, `﹣`, `－`), so longer lines skip the
// normalisation, which would copy nearly every line of the page.
function isSeparator(text: string): boolean {
  return text.length <= 2 && text.normalize('NFKC') === '-';
}

/** A short quote of a line for reports, so a reader can find it without line numbers. */
function quote(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text);
}

// A Latin letter or digit, possibly followed by ASCII closing punctuation (`word,`).
const LATIN_END = /[A-Za-z0-9][,.;:!?)'"%]*$/;
const LATIN_START = /^[A-Za-z0-9("']/;

/**
 * Joins wrapped summary lines: Chinese text was cut mid-sentence and rejoins with nothing between,
 * Latin words or numbers on both sides of the break need a single space back.
 */
function joinSummaryLines(lines: string[]): string {
  return lines
    .map((line, i) => (i > 0 && LATIN_END.test(lines[i - 1]!) && LATIN_START.test(line) ? ` ${line}` : line))
    .join('');
}

/**
 * Splits page text into its section, articles and problems. Never throws: anything it cannot use
 * becomes a {@link Problem} naming `file`, the 1-based line, what is wrong and how to fix it, and
 * the records around it are still read. Duplicates are kept (the caller merges them by id).
 *
 * @example
 * const page = parsePage('地方新闻\n-\n四川：首发 2014/10/30\n摘要第一行\n第二行…\n', 'p.txt');
 * page.articles[0]; // { id: '…', title: '四川：首发', date: '2014-10-30', summary: '摘要第一行第二行…',
 *                   //   section: '地方新闻', source: { file: 'p.txt', line: 3 } }
 * page.problems;    // []
 */
export function parsePage(text: string, file: string): ParsedPage {
  const problems: Problem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });

  // Lone CR (old Mac) ends a line as CRLF does. A BOM goes with the invisible characters below.
  const rawLines = text.split(/\r\n|\r|\n/);
  const lines: Line[] = rawLines.map((raw, index) => ({ number: index + 1, text: displayText(raw), titled: undefined }));

  if (lines.every((line) => line.text === '')) {
    report(0, 'the file is empty; it holds no section line and no articles. Delete it or fill it with a saved news page.');
    return { section: DEFAULT_SECTION, articles: [], problems };
  }

  // Records are the runs of lines between `-` lines; the run before the first `-` is the preamble.
  const blocks: Block[] = [{ opener: 0, lines: [] }];
  for (const line of lines) {
    if (isSeparator(line.text)) blocks.push({ opener: line.number, lines: [] });
    else if (line.text !== '') blocks[blocks.length - 1]!.lines.push(line);
  }
  const [preamble, ...records] = blocks as [Block, ...Block[]];

  let section = DEFAULT_SECTION;
  const prelude = preamble.lines;
  const first = prelude[0];
  if (first && !titleOf(first)) {
    section = first.text;
    prelude.shift();
  } else {
    report(
      first?.number ?? 1,
      `no section line at the top of the page; assumed "${DEFAULT_SECTION}". Add the section name (e.g. ${DEFAULT_SECTION}) as the first line.`,
    );
  }
  if (prelude.length > 0 && titleOf(prelude[0]!)) {
    // An article written before any `-`: keep it rather than lose it.
    report(prelude[0]!.number, `article title ${quote(prelude[0]!.text)} has no "-" line before it; read it anyway. Add a line holding only "-" above it.`);
    records.unshift({ opener: 0, lines: prelude });
  } else if (prelude.length > 0) {
    const from = prelude[0]!.number;
    const to = prelude[prelude.length - 1]!.number;
    const where = from === to ? `line ${from}` : `lines ${from}–${to}`;
    report(from, `text before the first "-" (${where}, starting ${quote(prelude[0]!.text)}) belongs to no article and was ignored. Delete it, or put a "-" line and a dated title before it.`);
  }

  const articles: PageArticle[] = [];
  const lastIndex = records.length - 1;
  records.forEach((record, index) => {
    if (record.lines.length === 0) {
      // A `-` closing the page is harmless; `-` directly after `-` means a record went missing.
      if (index !== lastIndex) {
        report(record.opener, 'a "-" line is followed by another "-" with no title between them; remove one of the "-" lines or add the missing article.');
      }
      return;
    }
    for (const part of splitRunTogetherRecords(record.lines, report)) {
      const article = readRecord(part, section, file, report);
      if (article) articles.push(article);
    }
  });

  if (articles.length === 0 && problems.length === 0) {
    report(0, `the page has a section line (${quote(section)}) but no articles. Each article needs a "-" line, a title line ending in YYYY-MM-DD, then its summary.`);
  }
  return { section, articles, problems };
}

/**
 * Splits a record where a `-` line was evidently dropped: a dated title line right after the
 * title or after a summary line the site cut off with `…`. Anywhere else a line ending in a date
 * is ordinary summary text (`…将于 2014-11-20`).
 */
function splitRunTogetherRecords(record: Line[], report: (line: number, message: string) => void): Line[][] {
  const parts: Line[][] = [[record[0]!]];
  for (let i = 1; i < record.length; i++) {
    const line = record[i]!;
    const previous = record[i - 1]!;
    const current = parts[parts.length - 1]!;
    const titled = titleOf(line);
    const previousIsTitle = current.length === 1 && titleOf(previous)?.date != null;
    if (titled?.date && titled.title !== '' && (previousIsTitle || TRUNCATED.test(previous.text))) {
      report(line.number, `title ${quote(line.text)} follows the previous article with no "-" line between them; read it as a new article. Add a line holding only "-" above it.`);
      parts.push([line]);
    } else {
      current.push(line);
    }
  }
  return parts;
}

function readRecord(
  record: Line[],
  section: string,
  file: string,
  report: (line: number, message: string) => void,
): PageArticle | null {
  const [head, ...rest] = record as [Line, ...Line[]];
  const titled = titleOf(head);
  let title: string;
  let date: string | null = null;

  if (titled && titled.title === '') {
    report(head.number, `the title line holds only a date (${quote(head.text)}); the article was skipped. Put the title before the date: "<title> YYYY-MM-DD".`);
    return null;
  } else if (titled) {
    title = titled.title;
    date = titled.date;
    if (titled.impossibleDate !== null) {
      report(head.number, `the date ${quote(titled.impossibleDate)} at the end of title ${quote(title)} is not a real day; kept the article without a date. Correct it to YYYY-MM-DD.`);
    }
  } else if (looksLikeSummary(head.text)) {
    report(head.number, `an article has no title line: the first line after "-" looks like summary text (${quote(head.text)}); the article was skipped. Add a title line "<title> YYYY-MM-DD" above it.`);
    return null;
  } else {
    title = head.text;
    report(head.number, `the title ${quote(title)} has no publication date at its end; kept the article without a date. Append the date as " YYYY-MM-DD".`);
  }

  title = title.replace(/[ \t]{2,}/g, ' ');
  return {
    id: articleId(title, date),
    title,
    date,
    summary: joinSummaryLines(rest.map((line) => line.text)),
    section,
    source: { file, line: head.number },
  };
}
