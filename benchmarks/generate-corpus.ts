// Writes a deterministic synthetic news archive in the seed format (`地方新闻`, `-`, a dated title,
// a summary cut off with `…`) so the benchmarks measure ten years of pages without shipping them.
// Regions come from the real gazetteer. Two kinds of text:
// - `seed` (the default): recombined from the real seed pages. Reads like the site, but 20
//   articles' worth of text means every bigram is common, which flatters an index.
// - `words`: words drawn by frequency from jieba's word-frequency list (the dict.txt.big that the
//   jieba-js package ships), with the same health-IT terms and region openings mixed in: a
//   realistic long tail of rare bigrams, as a real ten-year archive has.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { foldTraditional } from '../src/search/traditional-fold.ts';
import type { GazetteerFile, GazetteerProvince } from '../src/regions/gazetteer.ts';
import { resolveRegion } from '../src/regions/resolve-region.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
/** Generated corpora are cached here (git-ignored), one folder per size and seed. */
export const OUT_DIR = path.join(REPO_ROOT, 'benchmarks', 'out');
const ARTICLES_PER_PAGE = 20;
const FIRST_DAY = Date.UTC(2015, 0, 1);
const LAST_DAY = Date.UTC(2024, 11, 31);
/** The day after the newest article: what the benchmarks pass as "today" so time words are stable. */
export const CORPUS_TODAY = '2025-01-01';

/** Where a corpus's text comes from (see the top of this file). */
export const CORPUS_KINDS = ['seed', 'words'] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** What a generated corpus holds; written next to the pages as `corpus.json`. */
export interface CorpusStats {
  size: number;
  seed: number;
  kind: CorpusKind;
  folder: string;
  pages: number;
  /** Records written, duplicates included. */
  records: number;
  /** Distinct articles (records minus duplicates). */
  articles: number;
  duplicates: number;
  dateless: number;
  /** Characters of titles and summaries (what gets indexed), duplicates counted once. */
  chars: number;
  bytes: number;
}

/**
 * mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Deterministic across machines and Node
 * versions, which `Math.random` is not.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Picks by weight; `cumulative` is the running sum of the weights. */
function pickWeighted<T>(random: Random, items: readonly T[], cumulative: readonly number[]): T {
  const target = random() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return items[lo]!;
}

function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

// Resident population in millions (2020 census, rounded): big provinces make more local news.
const POPULATION: Record<string, number> = {
  北京: 22, 天津: 14, 河北: 75, 山西: 35, 内蒙古: 24, 辽宁: 43, 吉林: 24, 黑龙江: 32, 上海: 25, 江苏: 85,
  浙江: 65, 安徽: 61, 福建: 41, 江西: 45, 山东: 102, 河南: 99, 湖北: 58, 湖南: 66, 广东: 126, 广西: 50,
  海南: 10, 重庆: 32, 四川: 84, 贵州: 39, 云南: 47, 西藏: 4, 陕西: 40, 甘肃: 25, 青海: 6, 宁夏: 7,
  新疆: 26, 台湾: 2, 香港: 2, 澳门: 1,
};

// Organisations that open national or institutional titles on the real site.
const ORGANISATIONS = ['国家卫生计生委', '国家卫健委', '国家医保局', '中国医院协会', '卫生部统计信息中心', '中华医学会', '国家中医药管理局'];

// Health-IT terms that real pages use constantly; mixed in with Zipf-like weights so some queries
// match a large share of the archive (信息化, 医院) and others a small one (远程会诊).
const DOMAIN_TERMS = [
  '信息化', '医院', '居民健康卡', '电子病历', '区域卫生信息平台', '健康档案', '互联网医院', '远程会诊', '一卡通',
  '分级诊疗', '预约挂号', '智慧医疗', '云平台', '家庭医生', '新农合', '慢性病管理', '医保结算', '公共卫生',
  '大数据', '移动医疗', '网络医院', '远程医疗', '医联体', '健康码', '电子健康卡', '全民健康信息平台',
];
const DOMAIN_WEIGHTS = cumulate(DOMAIN_TERMS.map((_, i) => 1 / (i + 1)));

const TITLE_ENDINGS = ['正式上线', '启动建设', '召开推进会', '通过验收', '全面推广', '试点运行', '发布实施方案', '取得新进展', '建设提速', '工作会议召开'];

interface Vocabulary {
  /** Clauses of the seed summaries, between punctuation. */
  clauses: string[];
  /** Title bodies of the seed pages (what follows `地区:`). */
  titleBodies: string[];
  /** For the `words` kind: the word list and its cumulative frequencies. */
  words?: { list: string[]; cumulative: number[] };
}

/** Simplified Chinese words of jieba's frequency list (1–4 characters), with their frequencies. */
export function jiebaWords(): { list: string[]; cumulative: number[] } {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('jieba-js/package.json')), 'dict', 'dict.txt.big');
  const list: string[] = [];
  const weights: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, freq] = line.split(' ');
    if (!word || !freq || !/^[\u4e00-\u9fff]{1,4}$/.test(word) || foldTraditional(word) !== word) continue;
    list.push(word);
    weights.push(Number(freq));
  }
  if (list.length < 10_000) throw new Error(`jieba-js dict.txt.big gave only ${list.length} words: is jieba-js installed (npm ci)?`);
  return { list, cumulative: cumulate(weights) };
}

/** A clause of 3–9 words drawn by frequency: the `words` kind's stand-in for a seed clause. */
function wordClause(random: Random, words: NonNullable<Vocabulary['words']>): string {
  const count = 3 + Math.floor(random() * 7);
  let clause = '';
  for (let i = 0; i < count; i++) clause += pickWeighted(random, words.list, words.cumulative);
  return clause;
}

/** Splits the seed pages into clauses and title bodies: the raw material for every generated line. */
export function seedVocabulary(seedsDir = path.join(REPO_ROOT, 'seeds')): Vocabulary {
  const clauses = new Set<string>();
  const titleBodies = new Set<string>();
  for (const name of readdirSync(seedsDir).filter((n) => n.endsWith('.txt')).sort()) {
    const lines = readFileSync(path.join(seedsDir, name), 'utf8').split(/\r?\n/).slice(1);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== '-' || !lines[i + 1]) continue;
      const title = lines[i + 1]!.replace(/\s*\d{4}-\d{2}-\d{2}$/, '');
      const body = title.includes(':') ? title.slice(title.indexOf(':') + 1) : title;
      for (const part of body.split(/\s+/)) if (part.length >= 4) titleBodies.add(part);
      for (let k = i + 2; k < lines.length && lines[k] !== '-'; k++) {
        const summaryLine = lines[k]!;
        for (const clause of summaryLine.replace(/…$/, '').split(/[,，。；;：:！？、“”"《》()（）\s]+/)) {
          if (clause.length >= 4 && clause.length <= 40) clauses.add(clause);
        }
      }
    }
  }
  // Seed text names its own places (四川, 锦州, 广元); copied into thousands of other articles they
  // would make every region query match through mentions. Each generated article names its own place.
  const placeless = (text: string) => resolveRegion(text).province === null;
  const kept = { clauses: [...clauses].filter(placeless), titleBodies: [...titleBodies].filter(placeless) };
  if (kept.clauses.length < 20 || kept.titleBodies.length < 5) {
    throw new Error(`too little text in ${seedsDir} to build a corpus from (${kept.clauses.length} clauses, ${kept.titleBodies.length} titles)`);
  }
  return kept;
}

interface RegionPicker {
  provinces: GazetteerProvince[];
  weights: number[];
}

function regionPicker(): RegionPicker {
  const table = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src', 'regions', 'gazetteer.json'), 'utf8')) as GazetteerFile;
  const provinces = table.provinces;
  return { provinces, weights: cumulate(provinces.map((p) => POPULATION[p.name] ?? 1)) };
}

/** The title's opening (`四川`, `珠海`, `辽宁锦州`, `国家卫健委`) or '' for national news without one. */
function titlePrefix(random: Random, regions: RegionPicker): { prefix: string; place: string | null } {
  const roll = random();
  if (roll < 0.12) return { prefix: '', place: null };
  if (roll < 0.17) return { prefix: pick(random, ORGANISATIONS), place: null };
  const province = pickWeighted(random, regions.provinces, regions.weights);
  // Capitals and big cities come first in the table and make more news: skew towards the front.
  const cities = province.cities;
  const city = cities.length > 0 ? cities[Math.floor(cities.length * random() * random())]! : null;
  const county = (city?.counties ?? province.counties).length > 0 ? pick(random, city?.counties ?? province.counties)[0]! : null;
  const form = random();
  if (form < 0.45 || (!city && !county)) return { prefix: province.name, place: province.name };
  if (form < 0.75 && city) return { prefix: city.name, place: city.name };
  if (form < 0.9 && city) return { prefix: `${province.name}${city.name}`, place: city.name };
  return { prefix: `${province.name}${county ?? ''}`, place: county ?? province.name };
}

/** A piece of a seed clause: whole clauses read naturally, pieces keep the bigram mix varied. */
function fragment(random: Random, vocabulary: Vocabulary): string {
  if (vocabulary.words) return wordClause(random, vocabulary.words);
  const clause = pick(random, vocabulary.clauses);
  if (random() < 0.5 || clause.length <= 8) return clause;
  const length = 4 + Math.floor(random() * Math.min(12, clause.length - 4));
  const start = Math.floor(random() * (clause.length - length + 1));
  return clause.slice(start, start + length);
}

function summaryText(random: Random, vocabulary: Vocabulary, place: string | null): string {
  const target = 100 + Math.floor(random() * 50);
  const parts: string[] = [];
  if (random() < 0.4) parts.push(`${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 28)}日`);
  if (place && random() < 0.7) parts.push(`${place}${pick(random, ['卫生计生委', '卫健委', '市卫生局', '人民医院', '疾控中心'])}${pick(random, ['获悉', '表示', '发布通知', '召开会议'])}`);
  let length = parts.join(',').length;
  while (length < target) {
    const piece = random() < 0.12 ? `推进${pickWeighted(random, DOMAIN_TERMS, DOMAIN_WEIGHTS)}建设` : fragment(random, vocabulary);
    parts.push(piece);
    length += piece.length + 1;
  }
  return `${parts.join(',').slice(0, target)}…`;
}

function titleText(random: Random, vocabulary: Vocabulary, prefix: string): string {
  const body =
    random() < 0.5
      ? vocabulary.words
        ? wordClause(random, vocabulary.words)
        : pick(random, vocabulary.titleBodies)
      : `${pickWeighted(random, DOMAIN_TERMS, DOMAIN_WEIGHTS)}${pick(random, TITLE_ENDINGS)}`;
  const tail = random() < 0.3 ? ` ${fragment(random, vocabulary).slice(0, 14).replace(/[0-9]+$/, '')}` : '';
  return prefix ? `${prefix}:${body}${tail}` : `${body}${tail}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The folder a corpus of this size, seed and kind is cached in. */
export function corpusFolder(size: number, seed: number, kind: CorpusKind = 'seed'): string {
  return path.join(OUT_DIR, `corpus-${size}-seed${seed}${kind === 'seed' ? '' : `-${kind}`}`);
}

/**
 * Writes `size` articles into `folder` as `NNNNN.txt` pages of 20 records each, newest page
 * first, the way the site lists them: ~1% of records repeat an article from another page and
 * ~0.1% have no date. The same size and seed always give byte-identical pages.
 *
 * @example generateCorpus(1000, 42, '/tmp/pages') // → { articles: 1000, pages: 51, … }
 */
export function generateCorpus(size: number, seed: number, folder: string, kind: CorpusKind = 'seed'): CorpusStats {
  const random = mulberry32(seed);
  const vocabulary: Vocabulary = kind === 'words' ? { ...seedVocabulary(), words: jiebaWords() } : seedVocabulary();
  const regions = regionPicker();
  // Dates spread evenly over ten years, newest first like the listing pages.
  const days = Array.from({ length: size }, () => FIRST_DAY + Math.floor(random() * ((LAST_DAY - FIRST_DAY) / 86_400_000 + 1)) * 86_400_000);
  days.sort((a, b) => b - a);

  const records: Array<{ title: string; date: string | null; summary: string }> = [];
  let chars = 0;
  let dateless = 0;
  for (let i = 0; i < size; i++) {
    const { prefix, place } = titlePrefix(random, regions);
    const title = titleText(random, vocabulary, prefix);
    const summary = summaryText(random, vocabulary, place);
    const date = random() < 0.001 ? null : isoDay(days[i]!);
    if (date === null) dateless++;
    records.push({ title, date, summary });
    chars += title.length + summary.length;
  }

  // ~1% of records are an article already listed elsewhere (the site relists popular ones), put on
  // a nearby page and sometimes with a shorter summary.
  const duplicates = Math.round(size * 0.01);
  const withRepeats = [...records];
  for (let d = 0; d < duplicates; d++) {
    const from = Math.floor(random() * size);
    const original = records[from]!;
    const to = Math.min(withRepeats.length, from + 1 + Math.floor(random() * 60));
    const summary = random() < 0.5 ? original.summary : `${original.summary.slice(0, 80)}…`;
    withRepeats.splice(to, 0, { ...original, summary });
  }

  const staging = `${folder}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  let bytes = 0;
  let pages = 0;
  for (let start = 0; start < withRepeats.length; start += ARTICLES_PER_PAGE) {
    const lines = ['地方新闻'];
    for (const record of withRepeats.slice(start, start + ARTICLES_PER_PAGE)) {
      lines.push('-', record.date ? `${record.title} ${record.date}` : record.title, record.summary);
    }
    const text = `${lines.join('\n')}\n`;
    writeFileSync(path.join(staging, `${String(pages).padStart(5, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
    pages++;
  }
  const stats: CorpusStats = {
    size,
    seed,
    kind,
    folder,
    pages,
    records: withRepeats.length,
    articles: size,
    duplicates,
    dateless,
    chars,
    bytes,
  };
  writeFileSync(path.join(staging, 'corpus.json'), `${JSON.stringify(stats, null, 2)}\n`);
  rmSync(folder, { recursive: true, force: true });
  // Renamed into place only when complete, so an interrupted run never leaves a half corpus cached.
  renameSync(staging, folder);
  return stats;
}

/** The cached corpus for this size, seed and kind, generated first if it is not there yet. */
export function ensureCorpus(size: number, seed = 1, kind: CorpusKind = 'seed'): CorpusStats {
  const folder = corpusFolder(size, seed, kind);
  const statsFile = path.join(folder, 'corpus.json');
  if (existsSync(statsFile)) {
    // Corpora cached before there were kinds are of the seed kind.
    const stored = JSON.parse(readFileSync(statsFile, 'utf8')) as Omit<CorpusStats, 'kind'> & { kind?: CorpusKind };
    return { ...stored, kind: stored.kind ?? 'seed', folder };
  }
  mkdirSync(OUT_DIR, { recursive: true });
  return generateCorpus(size, seed, folder, kind);
}

// `node --import tsx benchmarks/generate-corpus.ts [size] [seed] [seed|words]` prints where the corpus is.
if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 1);
  const kind = (process.argv[4] ?? 'seed') as CorpusKind;
  if (!CORPUS_KINDS.includes(kind)) throw new Error(`corpus kind must be one of ${CORPUS_KINDS.join(', ')}, got ${kind}`);
  const started = performance.now();
  const stats = ensureCorpus(size, seed, kind);
  console.log(JSON.stringify({ ...stats, ms: Math.round(performance.now() - started) }, null, 2));
}
