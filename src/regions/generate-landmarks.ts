// Generates src/regions/landmarks.json, the hospitals, universities, new areas and zones that region
// resolution reads beside the gazetteer, from the readable table landmarks.txt (its header says
// the format and where each fact comes from). Every row is checked against gazetteer.json, so the
// table cannot name a city that is not there:
//
//   npx tsx src/regions/generate-landmarks.ts
//
// Deterministic: the same table and gazetteer give the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCommonWord, isKnownRegion, placesNamed } from './gazetteer.ts';
import type { HeadWord, Landmark, LandmarkKind, LandmarksFile } from './landmarks.ts';

const LANDMARK_KINDS: readonly LandmarkKind[] = ['hospital', 'university', 'new-area', 'zone'];

const TABLE_FILE = 'landmarks.txt';

/**
 * The landmarks file made of the table's text, or an error naming the table line at fault and
 * what to change.
 *
 * @example buildLandmarks('@source s | a list\nhospital | 陕西 | 西安 | 空军军医大学西京医院, 西京医院 | s |').landmarks[0]?.city // → '西安'
 */
export function buildLandmarks(table: string): LandmarksFile {
  const sources: Record<string, string> = {};
  const landmarks: Landmark[] = [];
  const headWords: HeadWord[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  const seen = new Map<string, number>();

  table.split(/\r?\n/).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const line = i + 1;
    const fail = (what: string): never => {
      throw new Error(`${TABLE_FILE}:${line}: ${what}`);
    };
    if (text.startsWith('@source ')) {
      const [key, ...rest] = text.slice('@source '.length).split('|').map((c) => c.trim());
      if (!key || rest.join('|') === '') fail('a source line is "@source key | where the facts come from"');
      if (sources[key!]) fail(`source "${key}" is declared twice`);
      sources[key!] = rest.join('|');
      return;
    }
    const cells = text.split('|').map((c) => c.trim());
    if (cells.length !== 6) fail(`expected 6 cells "kind | province | city | names | source | note", found ${cells.length}`);
    rows.push({ line, cells });
  });

  for (const { line, cells } of rows) {
    const fail = (what: string): never => {
      throw new Error(`${TABLE_FILE}:${line}: ${what}`);
    };
    const [kind, provinceCell, cityCell, namesCell, source, note] = cells as [string, string, string, string, string, string];
    if (!sources[source]) fail(`source "${source}" has no @source line; declare it above the rows`);
    const forms = namesCell.split(',').map((n) => n.trim());
    if (forms.some((f) => f.length < 2)) fail('every name needs at least two characters; separate names with commas');

    if (kind === 'head-word') {
      if (provinceCell !== '-' || cityCell !== '-' || forms.length !== 1) fail('a head-word row names one word and no place: "head-word | - | - | 阿里 | source | what it means"');
      if (!isCommonWord(forms[0]!)) fail(`${forms[0]} is not one of the gazetteer's everyday-word names, so it never needs marking`);
      if (note === '') fail(`say in the note what ${forms[0]} means at the head of a title`);
      headWords.push({ name: forms[0]!, note });
      continue;
    }
    if (!(LANDMARK_KINDS as readonly string[]).includes(kind)) fail(`unknown kind "${kind}"; use ${[...LANDMARK_KINDS, 'head-word'].join(', ')}`);
    const city = cityCell === '-' ? null : cityCell;
    if (!isKnownRegion({ province: provinceCell, city: null, county: null })) fail(`unknown province "${provinceCell}"; use the gazetteer's short name (四川, 广西)`);
    if (!isKnownRegion({ province: provinceCell, city, county: null })) {
      fail(`"${city}" is not a prefecture-level city of ${provinceCell} in the gazetteer; use its short name, or - for a municipality or several cities`);
    }
    for (const form of forms) {
      if (placesNamed(form).length > 0) fail(`"${form}" is already a division's name in the gazetteer; leave it to the gazetteer`);
      const key = `${form}|${provinceCell}|${city ?? ''}`;
      if (seen.has(key)) fail(`"${form}" is listed for ${provinceCell}${city ?? ''} already on line ${seen.get(key)}`);
      seen.set(key, line);
    }
    const landmark: Landmark = { name: forms[0]!, forms, kind: kind as LandmarkKind, province: provinceCell, city, source };
    if (note !== '') landmark.note = note;
    landmarks.push(landmark);
  }
  return { generatedBy: 'npx tsx src/regions/generate-landmarks.ts (from src/regions/landmarks.txt)', sources, landmarks, headWords };
}

function main(): void {
  const table = readFileSync(new URL(`./${TABLE_FILE}`, import.meta.url), 'utf8');
  const out = buildLandmarks(table);
  const target = new URL('./landmarks.json', import.meta.url);
  writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
  const shared = new Map<string, Set<string>>();
  for (const l of out.landmarks) for (const f of l.forms) shared.set(f, (shared.get(f) ?? new Set()).add(l.province + (l.city ?? '')));
  const byKind = LANDMARK_KINDS.map((k) => `${out.landmarks.filter((l) => l.kind === k).length} ${k}`).join(', ');
  console.log(
    `wrote ${fileURLToPath(target)}: ${byKind}; ${[...shared.values()].filter((s) => s.size > 1).length} shared names, ${out.headWords.length} head words`,
  );
}

if (process.argv[1]?.endsWith('generate-landmarks.ts')) main();
