// The page cache on its own: what is saved comes back after a restart, a cache of another format
// version is ignored, and PAGE_CACHE_VERSION moves whenever what a page reads to moves.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_CACHE_FILE, PAGE_CACHE_VERSION, PageCache, type CachedPage } from '../../src/corpus/page-cache.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import { REPO_ROOT, SEEDS_DIR } from '../helpers/paths.ts';

/**
 * What the pages read to under the current PAGE_CACHE_VERSION. When this test fails because
 * `shape` or `pages` changed, a cache written by the old code would hand out stale articles:
 * bump PAGE_CACHE_VERSION in src/corpus/page-cache.ts, then record the new values here.
 */
const RECORDED = {
  version: 2,
  shape: {
    'article.date': 'null|string',
    'article.id': 'string',
    'article.region.city': 'null|string',
    'article.region.county': 'null|string',
    'article.region.province': 'null|string',
    'article.section': 'string',
    'article.source.file': 'string',
    'article.source.line': 'number',
    'article.summary': 'string',
    'article.title': 'string',
    'problem.file': 'string',
    'problem.line': 'number',
    'problem.message': 'string',
  },
  pages: '19c993e2c0b861ff',
};

const FIXTURE_PAGES = path.join(REPO_ROOT, 'test', 'fixtures', 'pages');

/** Every leaf path of `value` with the types seen there, merged into `into`. */
function collectShape(value: unknown, at: string, into: Map<string, Set<string>>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) collectShape(child, `${at}.${key}`, into);
    return;
  }
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  into.set(at, (into.get(at) ?? new Set()).add(type));
}

async function parsedPages() {
  const files = [SEEDS_DIR, FIXTURE_PAGES];
  const corpus = await readPages(files);
  // Paths relative to the repository, so the fingerprint is the same in every checkout.
  const relative = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');
  const articles = corpus.articles.map((a) => ({ ...a, source: { ...a.source, file: relative(a.source.file) } }));
  const problems = corpus.problems.map((p) => ({ ...p, file: relative(p.file) }));
  return { articles, problems };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-page-cache-'));
  dirs.push(dir);
  return dir;
}

const page: CachedPage = {
  mtimeMs: 1_700_000_000_000,
  size: 42,
  articles: [
    {
      id: 'a1',
      title: '四川:健康云平台上线',
      date: '2014-11-06',
      summary: '摘要…',
      section: '地方新闻',
      region: { province: '四川', city: null, county: null },
      source: { file: 'seeds/001.txt', line: 2 },
    },
  ],
  problems: [{ file: 'seeds/001.txt', line: 9, message: 'no date' }],
};

describe('PageCache', () => {
  it('gives back after a restart what was saved, and forgets what was removed', async () => {
    const dir = tempDir();
    const cache = new PageCache(dir);
    cache.save('seeds/001.txt', page);
    cache.save('seeds/002.txt', { ...page, size: 7 });
    cache.remove('seeds/002.txt');
    await cache.flush();
    const loaded = await new PageCache(dir).loadAll();
    expect([...loaded.keys()]).toEqual(['seeds/001.txt']);
    expect(loaded.get('seeds/001.txt')).toEqual(page);
  });

  it('ignores a cache written under another format version', async () => {
    const dir = tempDir();
    const cache = new PageCache(dir);
    cache.save('seeds/001.txt', page);
    await cache.flush();
    const file = path.join(dir, PAGE_CACHE_FILE);
    const lines = fs.readFileSync(file).toString('utf16le').split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ format: `healthnews-page-cache/${PAGE_CACHE_VERSION}` });
    fs.writeFileSync(file, Buffer.from([JSON.stringify({ format: `healthnews-page-cache/${PAGE_CACHE_VERSION - 1}` }), ...lines.slice(1)].join('\n'), 'utf16le'));
    expect((await new PageCache(dir).loadAll()).size).toBe(0);
  });

  it('a missing cache is an empty one', async () => {
    expect((await new PageCache(path.join(tempDir(), 'nothing-here')).loadAll()).size).toBe(0);
  });
});

describe('PAGE_CACHE_VERSION', () => {
  it('is bumped whenever the shape of a parsed article or problem changes', async () => {
    const { articles, problems } = await parsedPages();
    expect(articles.length).toBeGreaterThan(0);
    expect(problems.length).toBeGreaterThan(0); // broken-records.txt: the problem shape is seen too
    const shape = new Map<string, Set<string>>();
    for (const article of articles) collectShape(article, 'article', shape);
    for (const problem of problems) collectShape(problem, 'problem', shape);
    const seen = Object.fromEntries([...shape].sort(([a], [b]) => a.localeCompare(b)).map(([key, types]) => [key, [...types].sort().join('|')]));
    expect({ version: PAGE_CACHE_VERSION, shape: seen }).toEqual({ version: RECORDED.version, shape: RECORDED.shape });
  });

  it('is bumped whenever what the shipped and fixture pages read to changes (parser, regions, gazetteer)', async () => {
    const fingerprint = createHash('sha256').update(JSON.stringify(await parsedPages())).digest('hex').slice(0, 16);
    expect({ version: PAGE_CACHE_VERSION, pages: fingerprint }).toEqual({ version: RECORDED.version, pages: RECORDED.pages });
  });
});
