// The landmark table (landmarks.json, generated from landmarks.txt by generate-landmarks.ts):
// hospitals, medical universities, state-level new areas and zones that name a province and often
// a city, though they are not divisions; and the everyday-word place names that at a title's head
// mean a company or a word instead.
import { readFileSync } from 'node:fs';
import type { Place } from './gazetteer.ts';

export type LandmarkKind = 'hospital' | 'university' | 'new-area' | 'zone';

/** One hospital, university, new area or zone and the place it stands in. */
export interface Landmark {
  /** Its full name, the first of `forms`. */
  name: string;
  /** Every way titles write it, full name first. */
  forms: string[];
  kind: LandmarkKind;
  province: string;
  /** Null where it spans several cities or stands in a municipality. */
  city: string | null;
  /** Key into `LandmarksFile.sources`. */
  source: string;
  note?: string;
}

/** An everyday-word place name that, alone before a title's colon, means something else (阿里: Alibaba). */
export interface HeadWord {
  name: string;
  note: string;
}

export interface LandmarksFile {
  generatedBy: string;
  /** Where each `source` key's facts come from. */
  sources: Record<string, string>;
  landmarks: Landmark[];
  headWords: HeadWord[];
}

const table: LandmarksFile = JSON.parse(readFileSync(new URL('./landmarks.json', import.meta.url), 'utf8'));

// Every written form → the places it may name: one for most, several for a shared name (协和医院).
// A landmark counts like a prefecture-level city: strong enough to fix its province alone.
const placesByForm = new Map<string, Place[]>();
for (const l of table.landmarks) {
  const place: Place = { region: Object.freeze({ province: l.province, city: l.city, county: null }), rank: 'city' };
  for (const form of l.forms) {
    const list = placesByForm.get(form);
    if (!list) placesByForm.set(form, [place]);
    else if (!list.some((p) => p.region.province === l.province && p.region.city === l.city)) list.push(place);
  }
}
const HEAD_WORDS = new Set(table.headWords.map((w) => w.name));

/** The longest landmark form, bounding how far a scan looks ahead. */
export const LONGEST_LANDMARK = Math.max(...[...placesByForm.keys()].map((k) => k.length));

/** Every landmark form, for building scan indexes. */
export const LANDMARK_FORMS: readonly string[] = Object.freeze([...placesByForm.keys()]);

/**
 * The places a landmark's written form stands in; several when the name is shared.
 *
 * @example landmarkPlaces('西京医院')[0]?.region // → { province: '陕西', city: '西安', county: null }
 * @example landmarkPlaces('协和医院').length // → 3 (北京, 武汉, 福州)
 */
export function landmarkPlaces(form: string): readonly Place[] {
  return placesByForm.get(form) ?? [];
}

/**
 * Whether an everyday-word place name, alone before a title's colon, means something other than
 * the place (`阿里:` is Alibaba), so that position does not make it a place.
 *
 * @example isHeadWordNotPlace('阿里') // → true
 */
export function isHeadWordNotPlace(form: string): boolean {
  return HEAD_WORDS.has(form);
}
