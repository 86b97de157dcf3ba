// Reads news pages from files and folders into one corpus: decodes strictly, skips files that are
// not UTF-8 text (reporting why), tags regions, and merges the same article seen on several pages.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Article, Problem } from './article.ts';
import { mergeArticles, newestFirst } from './merge-articles.ts';
import { parsePage, type PageArticle } from './parse-page.ts';
import type { Region } from '../regions/region.ts';
import { resolveRegion } from '../regions/resolve-region.ts';

/** Everything read from the pages: articles newest first, what was wrong, and which pages were read. */
export interface Corpus {
  /** One per distinct article id, sorted by date (newest first, undated last), then file, then line. */
  articles: Article[];
  problems: Problem[];
  /** The page files that were decoded and parsed, in reading order. Skipped files appear only in `problems`. */
  files: string[];
}

/** One or more inputs do not exist; nothing was read. The CLI prints `message` and exits 1. */
export class PagesNotFoundError extends Error {
  override readonly name = 'PagesNotFoundError';
  /** The inputs as given that were not found. */
  readonly paths: string[];
  /** The first missing input, for callers that handle one at a time. */
  readonly path: string;

  constructor(paths: string[], cwd: string) {
    const list = paths.map((path) => `  ${path} (looked in ${resolve(cwd, path)})`).join('\n');
    super(
      `news pages not found:\n${list}\n` +
        'Check the spelling, or pass the folder holding the .txt listing pages (e.g. seeds) or the page files themselves.',
    );
    this.paths = paths;
    this.path = paths[0] ?? '';
  }
}

const PAGE_EXTENSION = /\.txt$/i;
// Reading a few files at once hides disk latency without risking "too many open files".
const READ_CONCURRENCY = 16;

/**
 * Reads every page named by `inputs` — files, and folders whose `.txt` files (not subfolders,
 * not dot-files) are read in name order. Throws {@link PagesNotFoundError} before reading
 * anything if an input does not exist; every other fault (unreadable, empty, binary, not UTF-8,
 * malformed records) becomes a {@link Problem} and the rest is still read.
 *
 * The same article (same `articleId`) on several pages is returned once, with the source of
 * the page whose path sorts first and the longest summary any copy had.
 *
 * @example
 * const corpus = await readPages(['seeds']);
 * corpus.articles[0]; // { id: '44873f6566311999', title: '北京卫生监督所:召开信息化顶层设计研讨会',
 *                     //   date: '2014-11-06', source: { file: 'seeds/000_1822e4ba295fea8a.txt', line: 3 }, … }
 * corpus.problems;    // []
 */
export async function readPages(inputs: string[]): Promise<Corpus> {
  const problems: Problem[] = [];
  const pagePaths = await listPages(inputs, problems);

  const pages = await mapInBatches(pagePaths, READ_CONCURRENCY, readPage);
  const files: string[] = [];
  const pageArticles: PageArticle[] = [];
  for (const page of pages) {
    problems.push(...page.problems);
    if (page.read) files.push(page.file);
    pageArticles.push(...page.articles);
  }

  const articles = mergeArticles(pageArticles).map(withRegion);
  articles.sort(newestFirst);
  return { articles, problems, files };
}

/**
 * The article with its region. Spelled out, not `{ ...article, region }`: V8 (Node 20) gave
 * nearly every such spread a hidden class of its own, 100,845 maps for 101,301 articles (~30 MB,
 * living as long as the articles). The key order is the spread's, so an article's JSON is unchanged.
 */
function withRegion(article: PageArticle): Article {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    summary: article.summary,
    section: article.section,
    source: article.source,
    region: canonicalRegion(resolveRegion(article.title, article.summary)),
  };
}

// One frozen object per distinct region (a few thousand at most: the gazetteer's places), shared
// by every article about it, instead of one per article (~5 MB over 100,000 articles).
const REGIONS = new Map<string, Readonly<Region>>();

/**
 * The shared, frozen object equal to `region`. Articles never change their region, so they can
 * share it.
 *
 * @example canonicalRegion({ province: '四川', city: '成都', county: null }) === canonicalRegion({ province: '四川', city: '成都', county: null }); // true
 */
export function canonicalRegion(region: Readonly<Region>): Region {
  const key = `${region.province ?? '\u0001'}\u0000${region.city ?? '\u0001'}\u0000${region.county ?? '\u0001'}`;
  let shared = REGIONS.get(key);
  if (!shared) {
    shared = Object.freeze({ province: region.province, city: region.city, county: region.county });
    REGIONS.set(key, shared);
  }
  return shared;
}

/** Expands inputs to page paths, sorted by path and without repeats; throws if any input is missing. */
async function listPages(inputs: string[], problems: Problem[]): Promise<string[]> {
  const missing: string[] = [];
  const found: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      if (isMissing(error)) missing.push(input);
      else problems.push({ file: input, line: 0, message: `cannot access: ${errorText(error)}. Check its permissions.` });
      continue;
    }
    if (info.isFile()) {
      found.push(input);
    } else if (info.isDirectory()) {
      const pages = await listFolder(input, problems);
      if (pages) found.push(...pages);
    } else {
      problems.push({ file: input, line: 0, message: 'is neither a file nor a folder; pass a page file or a folder of .txt pages.' });
    }
  }
  if (missing.length > 0) throw new PagesNotFoundError(missing, process.cwd());

  // The same file named twice (as itself and through its folder) is read once.
  const byLocation = new Map<string, string>();
  for (const path of found) if (!byLocation.has(resolve(path))) byLocation.set(resolve(path), path);
  // Code-unit order, not locale order, so "first page wins" is the same on every machine.
  return [...byLocation.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function listFolder(folder: string, problems: Problem[]): Promise<string[] | null> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    problems.push({ file: folder, line: 0, message: `cannot list the folder: ${errorText(error)}. Check its permissions.` });
    return null;
  }
  const pages = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && PAGE_EXTENSION.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => join(folder, entry.name));
  if (pages.length === 0) {
    problems.push({ file: folder, line: 0, message: 'the folder holds no .txt pages (subfolders are not searched). Put the saved listing pages in it as .txt files.' });
  }
  return pages;
}

interface PageRead {
  file: string;
  /** False when the file was skipped as unreadable, binary or not UTF-8. */
  read: boolean;
  articles: PageArticle[];
  problems: Problem[];
}

async function readPage(file: string): Promise<PageRead> {
  const skip = (message: string): PageRead => ({ file, read: false, articles: [], problems: [{ file, line: 0, message }] });
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return skip(`cannot read the file: ${errorText(error)}; skipped. Check its permissions.`);
  }
  const decoded = decodePage(bytes);
  if (typeof decoded !== 'string') return skip(decoded.problem);
  const page = parsePage(decoded, file);
  const empty = page.articles.length === 0 && decoded.trim().replace(/^\uFEFF/, '') === '';
  return { file, read: !empty, articles: page.articles, problems: page.problems };
}

/**
 * Decodes page bytes as strict UTF-8. A NUL byte means a binary file (text pages never hold one);
 * invalid UTF-8 usually means a page saved as GBK/GB18030, which the message says how to convert.
 *
 * @example
 * decodePage(new Uint8Array([0xef, 0xbb, 0xbf, 0xe5, 0x9c, 0xb0])); // '地' (TextDecoder drops a leading BOM; parsePage drops any left)
 * decodePage(new Uint8Array([0xb5, 0xd8]));  // { problem: 'not valid UTF-8 (first bad byte on line 1); skipped. It reads as GB18030/GBK: …' }
 */
export function decodePage(bytes: Uint8Array): string | { problem: string } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { problem: `binary file (a NUL byte at offset ${nul}), not a text news page; skipped. Remove it from the page folder.` };
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const badAt = lossy.indexOf('\uFFFD');
    const line = lossy.slice(0, badAt).split(/\r\n|\r|\n/).length;
    const hint = decodesAsGb18030(bytes)
      ? 'It reads as GB18030/GBK: convert it with `iconv -f GB18030 -t UTF-8`.'
      : 'Re-save it as UTF-8.';
    return { problem: `not valid UTF-8 (first bad byte on line ${line}); skipped. ${hint}` };
  }
}

function decodesAsGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return true;
  } catch {
    // Also reached on a Node built without full ICU, where the label is unknown.
    return false;
  }
}

async function mapInBatches<T, R>(items: T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  }
  return results;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorText(error: unknown): string {
  const err = error as NodeJS.ErrnoException | null;
  return err?.code ? `${err.code} ${err.message}` : String(error);
}
