// The administrative-division table (gazetteer.json, generated from NBS 2023 data by
// generate-gazetteer.ts) and the lookups built on it: every way text names a province, city or county.
//
// Naming convention for Region fields: `province` is the short common name (四川, 内蒙古, 香港);
// `city` and `county` are short names too — the official name without its administrative suffix
// (市/区/县/地区/盟/自治州/自治县/林区/特区/新区) and ethnic designation (成都, 延边, 沭阳, 浦东) —
// except where that would be one character (沛县, 城区), a province's name (海南藏族自治州, 河南县…
// kept as 河南蒙古族自治县), its parent's or a sibling's name (吉林市, 抚顺县, 新竹市), or a banner
// (正蓝旗). The four municipalities have no city level: their districts are counties with city
// null. County-level units directly under a province (济源, 仙桃, 海南's counties, 石河子) are cities.
import { readFileSync } from 'node:fs';
import type { Region } from './region.ts';

export interface GazetteerCity {
  name: string;
  full: string;
  /** Other ways text names it: `恩施州`, traditional characters. */
  forms: string[];
  pinyin: string[];
  /** A county-level unit directly under its province (济源, 仙桃, 海南's counties) standing in for a city. */
  countyLevel?: true;
  /** `[name, ...otherForms]`, the first being the canonical short name. */
  counties: string[][];
}

export interface GazetteerProvince {
  name: string;
  full: string;
  forms: string[];
  pinyin: string[];
  cities: GazetteerCity[];
  /** Districts and counties of the four municipalities, which have no city level. */
  counties: string[][];
}

export interface GazetteerAlias {
  name: string;
  province: string;
  city: string | null;
  county: string | null;
  /** The evidence the name carries in text: a former prefecture-level city reads as a city. */
  level: 'city' | 'county';
  note: string;
}

export interface GazetteerFile {
  source: string;
  vintage: string;
  generatedBy: string;
  provinces: GazetteerProvince[];
  /** Former names still found in older news, mapped to today's divisions. */
  aliases: GazetteerAlias[];
  /** Short names that are also everyday words; they name a region only with context. */
  commonWords: string[];
  /** City names that more often mean a district elsewhere (朝阳); ambiguous without context. */
  contestedNames: string[];
  /** Per first/last character of a two-character name, the characters forming a frequent word with it (see straddlesWords). */
  joiningCharacters: { before: Record<string, string>; after: Record<string, string> };
  /** The same for very frequent words (平台, 健康), which one side alone makes a misreading. */
  strongJoiningCharacters: { before: Record<string, string>; after: Record<string, string> };
}

/**
 * How strongly a name in text points at a place: a province outranks a prefecture-level city,
 * which outranks a county (county-level cities directly under a province rank as counties).
 */
export type PlaceRank = 'province' | 'city' | 'county';

/** One division, addressed the way `Region` addresses it, with how strongly its names count. */
export interface Place {
  region: Readonly<Region>;
  rank: PlaceRank;
}

const table: GazetteerFile = JSON.parse(readFileSync(new URL('./gazetteer.json', import.meta.url), 'utf8'));

/** Where the table came from, for reports: dataset, version and cut-off date. */
export const GAZETTEER_SOURCE: Readonly<{ source: string; vintage: string }> = Object.freeze({
  source: table.source,
  vintage: table.vintage,
});

/** The 34 provincial-level short names in the conventional (NBS code) order, then 台湾, 香港, 澳门. */
export const PROVINCES: readonly string[] = Object.freeze(table.provinces.map((p) => p.name));

const COMMON_WORDS = new Set(table.commonWords);
const CONTESTED_NAMES = new Set(table.contestedNames);

// Every written form → the places it may name. Built once; ~15k forms.
const placesByForm = new Map<string, Place[]>();
const placesByPinyin = new Map<string, Place[]>();
// Canonical name and other plain-text names per region key, for regionNames.
const namesByRegion = new Map<string, string[]>();

const regionKey = (r: Region): string => `${r.province ?? ''}|${r.city ?? ''}|${r.county ?? ''}`;

function addForms(map: Map<string, Place[]>, forms: Iterable<string>, place: Place): void {
  for (const form of forms) {
    const list = map.get(form);
    if (!list) map.set(form, [place]);
    else if (!list.some((p) => regionKey(p.region) === regionKey(place.region))) list.push(place);
  }
}

function addCounty(province: string, city: string | null, forms: string[]): void {
  const region = Object.freeze({ province, city, county: forms[0]! });
  addForms(placesByForm, forms, { region, rank: 'county' });
  namesByRegion.set(regionKey(region), [forms[0]!]);
}

for (const p of table.provinces) {
  const province: Place = { region: Object.freeze({ province: p.name, city: null, county: null }), rank: 'province' };
  addForms(placesByForm, [p.name, ...p.forms], province);
  addForms(placesByPinyin, p.pinyin, province);
  namesByRegion.set(regionKey(province.region), [p.name]);
  for (const c of p.cities) {
    const city: Place = {
      region: Object.freeze({ province: p.name, city: c.name, county: null }),
      rank: c.countyLevel ? 'county' : 'city',
    };
    addForms(placesByForm, [c.name, ...c.forms], city);
    addForms(placesByPinyin, c.pinyin, city);
    namesByRegion.set(regionKey(city.region), [c.name]);
    for (const county of c.counties) addCounty(p.name, c.name, county);
  }
  for (const county of p.counties) addCounty(p.name, null, county);
}
for (const alias of table.aliases) {
  const region = Object.freeze({ province: alias.province, city: alias.city, county: alias.county });
  addForms(placesByForm, [alias.name], { region, rank: alias.level });
  const names = namesByRegion.get(regionKey(region));
  if (names && !names.includes(alias.name)) names.push(alias.name);
}

/** Every region's canonical and former names (simplified Chinese, as the table writes them; no traditional forms). */
export const CANONICAL_NAMES: readonly string[] = Object.freeze([...new Set([...namesByRegion.values()].flat())]);

/** The longest written form in the table, bounding how far a scan looks ahead. */
export const LONGEST_NAME = Math.max(...[...placesByForm.keys()].map((k) => k.length));

/** Every written form in the table, for building scan indexes. */
export const PLACE_FORMS: readonly string[] = Object.freeze([...placesByForm.keys()]);

/**
 * Every place a written form may name, exactly as written (no suffix stripping).
 *
 * @example placesNamed('沭阳')[0]?.region // → { province: '江苏', city: '宿迁', county: '沭阳' }
 */
export function placesNamed(form: string): readonly Place[] {
  return placesByForm.get(form) ?? [];
}

/**
 * Places whose romanisation is `word` (lower-case, as typed: `sichuan`, `shaanxi`, `hong kong`).
 *
 * @example placesByRomanisation('chengdu')[0]?.region.city // → '成都'
 */
export function placesByRomanisation(word: string): readonly Place[] {
  return placesByPinyin.get(word.toLowerCase()) ?? [];
}

/** Every romanisation the table knows, for scanning queries. */
export const ROMANISATIONS: readonly string[] = Object.freeze([...placesByPinyin.keys()]);

/**
 * Whether a short name is also an everyday word (公安, 合作, 平安), naming a region only with context.
 *
 * @example isCommonWord('合作') // → true
 */
export function isCommonWord(form: string): boolean {
  return COMMON_WORDS.has(form);
}

/**
 * Whether a two-character name at `start` in `text` straddles two words rather than naming a
 * place: its characters each form a frequent word with their outer neighbours (平台中心 ⊅ 台中,
 * 推广东部 ⊅ 广东), or a very frequent word swallows its first character (健康保 ⊅ 康保).
 *
 * @example straddlesWords('信息平台中心', 3) // → true
 */
export function straddlesWords(text: string, start: number): boolean {
  const first = text[start]!;
  const last = text[start + 1]!;
  const before = text[start - 1];
  const after = text[start + 2];
  const joins = (chars: string | undefined, c: string | undefined): boolean => c !== undefined && (chars ?? '').includes(c);
  if (joins(table.strongJoiningCharacters.before[first], before)) return true;
  return joins(table.joiningCharacters.before[first], before) && joins(table.joiningCharacters.after[last], after);
}

/**
 * Whether a city's name more often means a district elsewhere (朝阳), and so needs context.
 *
 * @example isContestedName('朝阳') // → true
 */
export function isContestedName(form: string): boolean {
  return CONTESTED_NAMES.has(form);
}

/**
 * The names of a region as they may appear in text: the canonical name of its most specific
 * level and any former names. Empty for national (all-null) regions.
 *
 * @example regionNames({ province: '湖北', city: '襄阳', county: null }) // → ['襄阳', '襄樊']
 */
export function regionNames(filter: Region): string[] {
  if (filter.province === null) return [];
  const names = namesByRegion.get(regionKey(filter));
  if (names) return [...names];
  // Not in the table (e.g. a hand-built filter): the most specific name given is the best guess.
  return [filter.county ?? filter.city ?? filter.province];
}

/**
 * Whether a region is in the table, i.e. every field names a real division under its parent.
 *
 * @example isKnownRegion({ province: '四川', city: '成都', county: null }) // → true
 */
export function isKnownRegion(region: Region): boolean {
  return region.province === null ? region.city === null && region.county === null : namesByRegion.has(regionKey(region));
}
