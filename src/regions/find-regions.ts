// Finding region names in text: the scan shared by article tagging (resolve-region.ts) and query
// understanding (findRegionMentions), which reports each region a user's query names with its span.
import type { Region } from './region.ts';
import {
  LONGEST_NAME,
  PLACE_FORMS,
  ROMANISATIONS,
  isCommonWord,
  isContestedName,
  placesByRomanisation,
  placesNamed,
  straddlesWords,
  type Place,
  type PlaceRank,
} from './gazetteer.ts';
import { LANDMARK_FORMS, LONGEST_LANDMARK, landmarkPlaces } from './landmarks.ts';
import { regionIncludes, toRegionFilter, type RegionFilter } from './region-filter.ts';

/** A written name found in text and every place it may mean there. */
export interface NameMatch {
  start: number;
  end: number;
  text: string;
  /** The places the name may mean, already narrowed to its highest rank (吉林 → the province). */
  places: readonly Place[];
  /** The highest rank among `places`. */
  rank: PlaceRank;
  /** The name is also an everyday word (合作, 公安) and was written without a suffix. */
  common: boolean;
  /** A county's short name written with a suffix the table lacks (双流县, now 双流区): as strong as a full name. */
  suffixed: boolean;
  /** Typed in Latin letters (sichuan, chengdu). */
  romanised: boolean;
  /** A hospital, university, new area or zone (西京医院, 天府新区) rather than a division. */
  landmark: boolean;
}

const RANK_ORDER: Record<PlaceRank, number> = { province: 0, city: 1, county: 2 };
const DIVISION_SUFFIX = /^[县区市旗]/;

function bestRank(places: readonly Place[]): PlaceRank {
  return places.reduce<PlaceRank>((best, p) => (RANK_ORDER[p.rank] < RANK_ORDER[best] ? p.rank : best), 'county');
}

// A name shared by levels means the highest one (吉林 the province, not 吉林市; 西安 the city, not
// 辽源's 西安区), except contested names, which stay open to every reading.
function narrowToRank(form: string, places: readonly Place[]): readonly Place[] {
  if (isContestedName(form)) return places;
  const rank = bestRank(places);
  return places.filter((p) => p.rank === rank);
}

// The first two characters of every name: a start whose next two characters begin no name is
// skipped without looking names up (most characters of a title begin none).
function namePrefixes(forms: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const form of forms) prefixes.add(form.slice(0, 2));
  return prefixes;
}
const DIVISION_PREFIXES = namePrefixes(PLACE_FORMS);
const LANDMARK_PREFIXES = namePrefixes(LANDMARK_FORMS);

/** What a scan looks for besides divisions. */
export interface ScanOptions {
  /** Also find landmarks (西京医院, 天府新区): for tagging articles, not for reading queries. */
  landmarks?: boolean;
}

/**
 * Every place name in `text`, without overlaps: longer names first, then higher ranks, then
 * leftmost, so `海南藏族自治州` beats `海南` and `湖北` beats `建湖` in `创建湖北`. With
 * `landmarks`, hospitals and zones count too and hide the names inside them (`香港大学深圳医院`
 * is in 深圳, `雄安新区` holds no 安新).
 *
 * @example scanPlaceNames('辽宁锦州:会议').map((m) => m.text) // → ['辽宁', '锦州']
 * @example scanPlaceNames('西京医院:上线', { landmarks: true })[0]?.places[0]?.region.city // → '西安'
 */
export function scanPlaceNames(text: string, options: ScanOptions = {}): NameMatch[] {
  const withLandmarks = options.landmarks === true;
  const longest = withLandmarks ? Math.max(LONGEST_NAME, LONGEST_LANDMARK) : LONGEST_NAME;
  const candidates: { start: number; end: number; places: readonly Place[]; rank: PlaceRank; landmark: boolean }[] = [];
  for (let start = 0; start < text.length - 1; start++) {
    const prefix = text.slice(start, start + 2);
    const division = DIVISION_PREFIXES.has(prefix);
    const landmark = withLandmarks && LANDMARK_PREFIXES.has(prefix);
    if (!division && !landmark) continue;
    for (let len = Math.min(longest, text.length - start); len >= 2; len--) {
      const form = text.slice(start, start + len);
      const atLandmark = landmark ? landmarkPlaces(form) : [];
      if (atLandmark.length > 0) {
        candidates.push({ start, end: start + len, places: atLandmark, rank: 'city', landmark: true });
        continue;
      }
      if (!division) continue;
      const found = placesNamed(form);
      if (found.length === 0) continue;
      // 吉林市场 is a market, not 吉林市.
      if (form.endsWith('市') && text[start + len] === '场') continue;
      if (len === 2 && straddlesWords(text, start)) continue;
      const places = narrowToRank(form, found);
      candidates.push({ start, end: start + len, places, rank: bestRank(places), landmark: false });
    }
  }
  candidates.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || RANK_ORDER[a.rank] - RANK_ORDER[b.rank] || a.start - b.start,
  );
  const taken: boolean[] = new Array(text.length).fill(false);
  const chosen: NameMatch[] = [];
  for (const c of candidates) {
    if (taken.slice(c.start, c.end).some(Boolean)) continue;
    for (let i = c.start; i < c.end; i++) taken[i] = true;
    const form = text.slice(c.start, c.end);
    // Spelled out rather than `{ ...c, … }`: V8 made most such spreads a hidden class of their own,
    // allocated where only a full GC frees it (~110 MB of garbage while 100,000 titles are read).
    chosen.push({
      start: c.start,
      end: c.end,
      places: c.places,
      rank: c.rank,
      landmark: c.landmark,
      text: form,
      common: !c.landmark && isCommonWord(form),
      suffixed: false,
      romanised: false,
    });
  }
  chosen.sort((a, b) => a.start - b.start);
  for (const m of chosen) {
    const isShortCountyName = m.rank === 'county' && m.places.some((p) => (p.region.county ?? p.region.city) === m.text);
    if (isShortCountyName && DIVISION_SUFFIX.test(text.slice(m.end)) && !taken[m.end]) {
      m.end += 1;
      m.text = text.slice(m.start, m.end);
      m.suffixed = true;
      m.common = false;
      taken[m.end - 1] = true;
    }
  }
  return chosen;
}

const romanisationPattern = new RegExp(
  `(?<![A-Za-z])(?:${[...ROMANISATIONS]
    .sort((a, b) => b.length - a.length)
    .map((r) => r.replace(/[.*+?^${}()|[\]\\']/g, (ch) => (ch === "'" ? "['’]" : `\\${ch}`)))
    .join('|')})(?![A-Za-z])`,
  'gi',
);

function scanRomanisations(text: string): NameMatch[] {
  const found: NameMatch[] = [];
  for (const m of text.matchAll(romanisationPattern)) {
    const places = placesByRomanisation(m[0].replace('’', "'"));
    if (places.length === 0) continue;
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      places,
      rank: bestRank(places),
      common: false,
      suffixed: false,
      romanised: true,
      landmark: false,
    });
  }
  return found;
}

const specificity = (r: Region): number => (r.county !== null ? 3 : r.city !== null ? 2 : r.province !== null ? 1 : 0);

/**
 * Whether `outer` contains `inner` as a strictly larger division (辽宁 ⊃ 锦州, 宿迁 ⊃ 沭阳, 北京 ⊃ 朝阳).
 *
 * @example isAncestor({ province: '辽宁', city: null, county: null }, { province: '辽宁', city: '锦州', county: null }) // → true
 */
export function isAncestor(outer: Region, inner: Region): boolean {
  return regionIncludes(outer, inner) && specificity(outer) < specificity(inner);
}

/**
 * The most specific region all `places` share: their province, their city if they agree on
 * one, and the county when there is a single place. All null when they span provinces.
 *
 * @example sharedRegion(placesNamed('和田')).city // → '和田'
 */
export function sharedRegion(places: readonly Place[]): Region {
  const first = places[0]?.region;
  if (!first || places.some((p) => p.region.province !== first.province)) return { province: null, city: null, county: null };
  if (places.length === 1) return { ...first };
  const city = places.every((p) => p.region.city === first.city) ? first.city : null;
  return { province: first.province, city, county: null };
}

/** A region named in a query, with the span that names it so the caller can cut it out. */
export interface RegionMention {
  filter: RegionFilter;
  start: number;
  end: number;
  text: string;
}

const HAN = /\p{Script=Han}/u;

// A two-character county name typed alone counts only as a separate word of the query (沭阳 健康卡),
// not when it could be two halves of neighbouring words.
function standsApart(query: string, start: number, end: number): boolean {
  const before = query[start - 1];
  const after = query[end];
  return (before === undefined || !HAN.test(before)) && (after === undefined || !HAN.test(after));
}

// Whether only spaces separate `a` from the later match `b`.
function touching(query: string, a: NameMatch, b: NameMatch): boolean {
  return a.end <= b.start && query.slice(a.end, b.start).trim() === '';
}

/**
 * Every region a user's query names, in order, each with its span. A province directly followed
 * by one of its cities or counties is one mention (`辽宁锦州`). Names that are everyday words
 * (`平安`, `合作`), county names shared by several places (`朝阳`, `鼓楼`) and two-character county
 * names run into other words count only next to a province or city that they belong to.
 *
 * @example findRegionMentions('陕西最近有什么健康卡的新闻？') // → [{ filter: { province: '陕西', city: null, county: null, label: '陕西' }, start: 0, end: 2, text: '陕西' }]
 * @example findRegionMentions('chengdu 互联网医院')[0]?.filter.city // → '成都'
 */
export function findRegionMentions(query: string): RegionMention[] {
  const matches = [...scanPlaceNames(query), ...scanRomanisations(query)].sort((a, b) => a.start - b.start);
  // Unambiguous provinces and cities that can give context to ambiguous names anywhere in the query.
  const anchors = matches
    .filter((m) => (m.rank === 'province' || m.rank === 'city') && !m.common && !isContestedName(m.text))
    .map((m) => ({ match: m, region: sharedRegion(m.places) }))
    .filter((a) => a.region.province !== null);

  const resolved: { start: number; end: number; region: Region }[] = [];
  for (const m of matches) {
    const inContext = anchors.filter((a) => a.match !== m && m.places.some((p) => isAncestor(a.region, p.region)));
    const places = inContext.length > 0 ? m.places.filter((p) => inContext.some((a) => isAncestor(a.region, p.region))) : m.places;
    const nextToAncestor = inContext.some((a) => touching(query, a.match, m));
    const weakCounty = m.rank === 'county' && !m.romanised && !m.suffixed && m.text.length <= 2;
    if (m.common && !nextToAncestor) continue;
    if (isContestedName(m.text) && inContext.length === 0) continue;
    if (weakCounty && !nextToAncestor && !(inContext.length > 0 || (places.length === 1 && standsApart(query, m.start, m.end)))) continue;
    const region = sharedRegion(places);
    if (region.province === null) continue;
    resolved.push({ start: m.start, end: m.end, region });
  }

  const merged: { start: number; end: number; region: Region }[] = [];
  for (const r of resolved) {
    const prev = merged[merged.length - 1];
    if (prev && prev.end <= r.start && query.slice(prev.end, r.start).trim() === '' && isAncestor(prev.region, r.region)) {
      prev.end = r.end;
      prev.region = r.region;
    } else merged.push({ ...r });
  }
  return merged.map((r) => ({ filter: toRegionFilter(r.region), start: r.start, end: r.end, text: query.slice(r.start, r.end) }));
}
