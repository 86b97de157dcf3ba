// The archive's own words, for "did you mean": the 2–6 character runs of Chinese that recur in
// article titles (`居民健康卡`, `互联网医院`), each with its pinyin reading, in a MiniSearch index
// that finds a word by the same reading (`键康` → `健康`) or by one character more, less or
// different (MiniSearch's fuzzy match). A small index of short strings is what MiniSearch is made for; the
// articles themselves stay in our bigram index (see DESIGN.md).
//
// @example
// const vocabulary = Vocabulary.fromTitles(index.all().map((a) => a.title));
// vocabulary.closest('居民键康卡')[0]?.word // → '居民健康卡' (same reading)
import MiniSearch from 'minisearch';
import { createRequire } from 'node:module';
import { TimeSlicer } from '../time-slices.ts';
import { foldForIndex } from './tokenize.ts';

/** A word of the archive and how often titles hold it. */
export interface VocabularyWord {
  word: string;
  titles: number;
}

/** A word found for a lookup, best first. */
export interface CloseWord extends VocabularyWord {
  /** True when it reads exactly like what was looked up (a homophone, or the very word). */
  sameReading: boolean;
}

/** Words kept at most: enough for every recurring term of a large archive, small enough to build in well under a second. */
export const MAX_WORDS = 40_000;
/** Titles read at most, newest first: the words of a large archive recur in any 20,000 of its titles. */
export const MAX_TITLES = 20_000;
const SHORTEST = 2;
const LONGEST = 6;
/** A gram is part of a longer word when at least this share of its occurrences are in that word. */
const SUBSUMED_SHARE = 0.9;

/**
 * pinyin-pro, loaded when a reading is first needed: its dictionaries take ~16 MB and ~70 ms to
 * load, which the bot's start need not pay (the vocabulary is built once the bot is up).
 */
let pinyinPro: typeof import('pinyin-pro') | null = null;

/** The pinyin of Chinese text without tones or spaces (`健康卡` → `jiankangka`); other characters as they are. */
export function readingOf(text: string): string {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
  return pinyinPro.pinyin(text, { toneType: 'none', type: 'array' }).join('').replaceAll(' ', '').toLowerCase();
}

/** Runs of BMP Han characters of at least two characters, folded as the index folds them. */
function hanRuns(title: string): string[] {
  return foldForIndex(title).match(/[\u3400-\u4dbf\u4e00-\u9fff]{2,}/g) ?? [];
}

/**
 * The words of the archive's titles (the first MAX_TITLES of them: pass them newest first): every
 * run of 2–6 Han characters that occurs at least `minTitles` times, except one hardly ever seen
 * outside a single longer word (`民健康` inside `居民健康`).
 * Counted the way Apriori counts itemsets: an n-gram is counted only where both its (n−1)-grams
 * recur, so a large archive with a varied vocabulary never holds a map of every n-gram.
 * At most `MAX_WORDS`, the most frequent (longer first among equals).
 */
export function archiveWords(titles: Iterable<string>, minTitles?: number): VocabularyWord[] {
  const steps = countArchiveWords(titles, minTitles);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** archiveWords, pausing (`yield`) every few hundred titles so a caller can give the event loop back. */
function* countArchiveWords(titles: Iterable<string>, minTitles?: number): Generator<void, VocabularyWord[]> {
  const runs: string[][] = [];
  for (const title of titles) {
    if (runs.length === MAX_TITLES) break;
    runs.push(hanRuns(title));
    if ((runs.length & 511) === 0) yield;
  }
  // A small archive has few repeats: every title's words count there.
  const floor = minTitles ?? (runs.length < 2_000 ? 1 : Math.max(2, Math.round(runs.length / 5_000)));
  let frequent = new Map<string, number>();
  const levels: Array<Map<string, number>> = [];
  for (let n = SHORTEST; n <= LONGEST; n++) {
    // Occurrences, not titles: a title seldom repeats a word, and one map per level is half the work.
    const counts = new Map<string, number>();
    for (let t = 0; t < runs.length; t++) {
      if ((t & 511) === 511) yield;
      for (const run of runs[t]!) {
        for (let i = 0; i + n <= run.length; i++) {
          const gram = run.slice(i, i + n);
          if (n > SHORTEST && !(frequent.has(gram.slice(0, -1)) && frequent.has(gram.slice(1)))) continue;
          counts.set(gram, (counts.get(gram) ?? 0) + 1);
        }
      }
    }
    frequent = new Map([...counts].filter(([, c]) => c >= floor));
    levels.push(frequent);
    if (frequent.size === 0) break;
  }
  // Nearly closed words only: a gram seen almost only inside one longer gram that starts or ends
  // with it (`民健康` inside `居民健康`, `息化` inside `信息化`) adds nothing of its own.
  const subsumed = new Set<string>();
  for (let l = 1; l < levels.length; l++) {
    const shorter = levels[l - 1]!;
    for (const [gram, count] of levels[l]!) {
      for (const part of [gram.slice(0, -1), gram.slice(1)]) {
        if (count >= SUBSUMED_SHARE * (shorter.get(part) ?? Infinity)) subsumed.add(part);
      }
    }
  }
  const words: VocabularyWord[] = [];
  for (const level of levels) for (const [word, titles] of level) if (!subsumed.has(word)) words.push({ word, titles });
  words.sort((a, b) => b.titles - a.titles || b.word.length - a.word.length || (a.word < b.word ? -1 : 1));
  return words.slice(0, MAX_WORDS);
}

interface WordDocument {
  id: number;
  word: string;
  reading: string;
  titles: number;
}

/** Each field is one token: a word is matched as a whole, by characters or by reading. */
const wholeField = (text: string): string[] => [text];

/**
 * The archive's words in a MiniSearch index over the word and its reading. Built once per index
 * (lazily, when a query first needs a suggestion).
 */
export class Vocabulary {
  private readonly search = new MiniSearch<WordDocument>({
    fields: ['word', 'reading'],
    storeFields: ['word', 'reading', 'titles'],
    tokenize: wholeField,
    processTerm: (term) => term,
  });
  readonly size: number;

  private constructor(words: readonly VocabularyWord[], addNow = true) {
    this.size = words.length;
    if (addNow) words.forEach((w, id) => this.addWord(w, id));
  }

  private addWord(w: VocabularyWord, id: number): void {
    this.search.add({ id, word: w.word, reading: readingOf(w.word), titles: w.titles });
  }

  /** The vocabulary of these titles (see archiveWords). */
  static fromTitles(titles: Iterable<string>): Vocabulary {
    return new Vocabulary(archiveWords(titles));
  }

  /**
   * fromTitles for the running bot: the same vocabulary, counted in slices that give the event
   * loop back (a whole build is ~0.5 s at 100,000 articles, too long to hold up Slack's acks).
   *
   * @example const vocabulary = await Vocabulary.fromTitlesInSlices(index.all().map((a) => a.title));
   */
  static async fromTitlesInSlices(titles: Iterable<string>, slicer = new TimeSlicer()): Promise<Vocabulary> {
    const steps = countArchiveWords(titles);
    let step = steps.next();
    while (!step.done) {
      await slicer.yieldIfDue();
      step = steps.next();
    }
    const words = step.value;
    const vocabulary = new Vocabulary(words, false);
    // Readings and MiniSearch's add take ~0.1 s for a few thousand words.
    for (let id = 0; id < words.length; id++) {
      vocabulary.addWord(words[id]!, id);
      if ((id & 127) === 127) await slicer.yieldIfDue();
    }
    return vocabulary;
  }

  /** A vocabulary of exactly these words (tests, and the region romanisations). */
  static of(words: readonly VocabularyWord[]): Vocabulary {
    return new Vocabulary(words);
  }

  /**
   * Words of the archive close to `text` (Chinese, normalised): the same reading first, then one
   * character different, more or fewer (for three characters and up: with two, one different
   * character is a different word), the more frequent first. Never `text` itself.
   *
   * @example vocabulary.closest('互连网医院')[0]?.word // → '互联网医院'
   */
  closest(text: string, limit = 5): CloseWord[] {
    const reading = readingOf(text);
    const length = Array.from(text).length;
    // Exact look-ups first (a homophone, the usual slip): microseconds. A fuzzy walk of the
    // index costs about half a millisecond per field, so it runs only when they find nothing.
    const exact = this.lookUp(text, reading, length, false);
    return (exact.length > 0 ? exact : this.lookUp(text, reading, length, true)).slice(0, limit);
  }

  private lookUp(text: string, reading: string, length: number, fuzzy: boolean): CloseWord[] {
    const results = this.search.search(
      {
        combineWith: 'OR',
        queries: [
          { queries: [reading], fields: ['reading'], fuzzy: fuzzy && reading.length >= 8 ? 1 : false, prefix: false },
          { queries: [text], fields: ['word'], fuzzy: fuzzy && length >= 3 ? 1 : false, prefix: false },
        ],
      },
      { boostDocument: (_id, _term, stored) => 1 + Math.log1p(Number(stored?.titles ?? 0)) },
    );
    const out: CloseWord[] = [];
    for (const r of results) {
      const word = String(r.word);
      if (word === text || Math.abs(Array.from(word).length - length) > 1) continue;
      out.push({ word, titles: Number(r.titles), sameReading: r.reading === reading });
    }
    return out.sort((a, b) => Number(b.sameReading) - Number(a.sameReading) || b.titles - a.titles);
  }
}
