// "Did you mean": the query again with a likely typo mended, for a query that found nothing or
// very little. A Chinese term is mended from the archive's own words (see vocabulary.ts): the
// word that reads the same (a pinyin IME's homophone, `居民键康卡` → `居民健康卡`) or differs by one
// character (`互连网医院` → `互联网医院`), for the whole term or a part of it. Latin words that
// nearly spell a region (`sichaun`, `guang dong`) become its Chinese name. Only a mended query
// that finds more than the original is offered, the one finding most first.
//
// @example
// correctedQueries(understandQuery('居民键康卡', { today }), vocabulary, { matches, bigramDocs }, 0)
// // → ['居民健康卡'] (matches: how many articles a query finds; bigramDocs: how many hold a bigram)
import MiniSearch from 'minisearch';
import { placesByRomanisation, ROMANISATIONS } from '../regions/gazetteer.ts';
import type { UnderstoodQuery } from './search-types.ts';
import { normalizeForMatch } from './tokenize.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Mended queries offered at most. */
const MAX_CORRECTIONS = 3;
/** Mended queries tried (each costs one search) before giving up. */
const MAX_TRIES = 4;
/** Parts of one term looked up in the vocabulary at most. */
const MAX_LOOKUPS = 8;
/** Terms longer than this are not mended part by part (a pasted sentence is no typo). */
const LONGEST_TERM = 24;
/** Longest part of a term looked up in the vocabulary, as its longest words. */
const LONGEST_PART = 6;

/** One way to mend the query: `from` (as it stands in the normalised query) becomes `to`. */
interface Mend {
  from: string;
  to: string;
  /** A homophone or a region's romanisation: the likelier slip. */
  sameReading: boolean;
  /** How common the new word is in the archive (titles holding it). */
  titles: number;
  /** The part of the term that was replaced ('' for a region). */
  part: string;
}

/** What mending needs to know of the archive. */
export interface ArchiveProbe {
  /** Whether a query finds more than `n` articles (without counting them all). */
  findsMoreThan(text: string, n: number): boolean;
  /** How many articles hold a two-character bigram. */
  bigramDocs(bigram: string): number;
}

/**
 * Ways to mend one Chinese term: a part of it (the whole term first, then shorter parts) replaced
 * by a close archive word. Only parts around a broken spot are tried: a bigram that no more
 * articles hold than the query found (`民键`, `键康` in `居民键康卡`). A term with no broken spot
 * is mended only as a whole.
 */
function mendsOfTerm(term: string, vocabulary: Vocabulary, probe: ArchiveProbe, found: number): Mend[] {
  const chars = Array.from(term);
  if (chars.length < 2 || chars.length > LONGEST_TERM || !/\p{Script=Han}/u.test(term)) return [];
  const broken: number[] = [];
  for (let i = 0; i + 1 < chars.length; i++) if (probe.bigramDocs(chars[i]! + chars[i + 1]!) <= found) broken.push(i);
  const parts: Array<[number, number]> = [];
  for (let length = Math.min(LONGEST_PART, chars.length); length >= 2; length--) {
    for (let start = 0; start + length <= chars.length; start++) {
      const whole = length === chars.length;
      if (whole || broken.some((i) => i >= start && i + 2 <= start + length)) parts.push([start, length]);
    }
  }
  const mends: Mend[] = [];
  for (const [start, length] of parts.slice(0, MAX_LOOKUPS)) {
    // The longest parts that mend are the likeliest reading; shorter ones would only add noise.
    if (mends.length > 0 && length < Array.from(mends[0]!.part).length) break;
    const part = chars.slice(start, start + length).join('');
    for (const close of vocabulary.closest(part, 3)) {
      // A one-character change in a two-character part is a different word, not a typo.
      if (!close.sameReading && length < 3) continue;
      const to = [...chars.slice(0, start), close.word, ...chars.slice(start + length)].join('');
      mends.push({ from: term, to, part, sameReading: close.sameReading, titles: close.titles });
    }
  }
  return mends;
}

interface RomanisationDocument {
  id: number;
  romanisation: string;
}

let romanisationIndex: MiniSearch<RomanisationDocument> | null = null;

/** The gazetteer's romanisations (`sichuan`, `hong kong`) with spaces taken out, for fuzzy look-up. */
function romanisations(): MiniSearch<RomanisationDocument> {
  if (!romanisationIndex) {
    romanisationIndex = new MiniSearch<RomanisationDocument>({ fields: ['romanisation'], storeFields: ['romanisation'], tokenize: (text) => [text.replaceAll(' ', '')] });
    romanisationIndex.addAll(ROMANISATIONS.map((romanisation, id) => ({ id, romanisation })));
  }
  return romanisationIndex;
}

/** The Chinese name of the place a romanisation names (`chengdu` → `成都`). */
function placeName(romanisation: string): string | null {
  const region = placesByRomanisation(romanisation)[0]?.region;
  return region ? (region.county ?? region.city ?? region.province) : null;
}

/**
 * Ways to read the query's Latin words as a region: one word or two or three written apart
 * (`guang dong`), spelled nearly as the gazetteer romanises a province or city (`sichaun`: two
 * letters swapped) or cut short (`guangd`).
 */
function mendsOfRomanisedRegions(query: UnderstoodQuery, text: string): Mend[] {
  const latin = query.terms.filter((t) => /^[a-z]+$/.test(t));
  const mends: Mend[] = [];
  for (let i = 0; i < latin.length; i++) {
    for (let n = 1; n <= 3 && i + n <= latin.length; n++) {
      const words = latin.slice(i, i + n);
      const joined = words.join('');
      if (joined.length < 4) continue;
      const written = new RegExp(words.join('\\s*')).exec(text)?.[0];
      if (!written) continue;
      const found = romanisations().search(joined, { fuzzy: joined.length >= 6 ? 2 : 1, prefix: joined.length >= 5 });
      for (const hit of found.slice(0, 2)) {
        const name = placeName(String(hit.romanisation));
        if (name) mends.push({ from: written, to: name, part: '', sameReading: true, titles: 0 });
      }
    }
  }
  return mends;
}

/**
 * Up to three mended versions of the query, each finding more than the `found` articles the
 * query found, best first: homophones and region romanisations before one-character changes,
 * then the word more titles hold. Empty when nothing mends it.
 */
export function correctedQueries(query: UnderstoodQuery, vocabulary: Vocabulary, probe: ArchiveProbe, found: number): string[] {
  const text = normalizeForMatch(query.raw);
  const mends = [...mendsOfRomanisedRegions(query, text), ...query.terms.flatMap((term) => mendsOfTerm(term, vocabulary, probe, found))];
  mends.sort((a, b) => Number(b.sameReading) - Number(a.sameReading) || b.titles - a.titles);
  const tried = new Set<string>();
  // Mends come sorted by reading, then by how many titles hold the word: that order stands (the
  // probe only says whether a mend finds more, so that a common word costs no whole search).
  const useful: Array<{ text: string; sameReading: boolean }> = [];
  for (const mend of mends) {
    // Homophones and regions sort first, the commonest word first: once one works it is the
    // answer, and each further check probes the index again.
    if (tried.size === MAX_TRIES || useful.length === MAX_CORRECTIONS || useful.some((u) => u.sameReading)) break;
    const mended = text.replace(mend.from, mend.to);
    if (mended === text || tried.has(mended)) continue;
    tried.add(mended);
    if (probe.findsMoreThan(mended, found)) useful.push({ text: mended, sameReading: mend.sameReading });
  }
  return useful.slice(0, MAX_CORRECTIONS).map((u) => u.text);
}
