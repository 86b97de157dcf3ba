// readPages over real folders: the seed page, duplicates across pages, and files that must be
// skipped (empty, binary, not UTF-8, unreadable) without losing the pages around them.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage } from '../../src/pages/parse-page.ts';
import { PagesNotFoundError, readPages } from '../../src/pages/read-pages.ts';
import { resolveRegion } from '../../src/regions/resolve-region.ts';

const SEED = fileURLToPath(new URL('../../seeds/000_1822e4ba295fea8a.txt', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/pages', import.meta.url));
const DUPLICATES = join(FIXTURES, 'duplicates');

const GOOD_PAGE = '地方新闻\n-\n浙江：杭州推出“智慧医疗” 2014-10-28\n杭州市卫生局近日表示…\n';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'healthnews-pages-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh folder under the scratch dir holding `files` (name → text or bytes). */
async function folderWith(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const folder = join(scratch, name);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(folder, file), content);
  return folder;
}

describe('readPages on the seed page', () => {
  it('reads 20 dated articles with no problems, the first at line 3', async () => {
    const corpus = await readPages([SEED]);
    expect(corpus.problems).toEqual([]);
    expect(corpus.files).toEqual([SEED]);
    expect(corpus.articles).toHaveLength(20);
    expect(corpus.articles.every((a) => a.date !== null)).toBe(true);
    expect(corpus.articles[0]).toMatchObject({
      title: '北京卫生监督所:召开信息化顶层设计研讨会',
      date: '2014-11-06',
      source: { file: SEED, line: 3 },
    });
  });

  it('orders articles newest first, page order within a day', async () => {
    const { articles } = await readPages([SEED]);
    const dates = articles.map((a) => a.date!);
    expect(dates).toEqual([...dates].sort().reverse());
    const sameDay = articles.filter((a) => a.date === '2014-11-06').map((a) => a.source.line);
    expect(sameDay).toEqual([...sameDay].sort((a, b) => a - b));
  });

  it('gives the same ids on every read, and the same as parsePage', async () => {
    const first = await readPages([SEED]);
    const second = await readPages([SEED]);
    expect(second.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
    const parsed = parsePage(readFileSync(SEED, 'utf8'), SEED);
    expect(new Set(first.articles.map((a) => a.id))).toEqual(new Set(parsed.articles.map((a) => a.id)));
  });

  it('tags each article with the region resolved from its title and summary', async () => {
    const { articles } = await readPages([SEED]);
    for (const article of articles) expect(article.region).toEqual(resolveRegion(article.title, article.summary));
  });

  it('names files by the folder as given joined with the file name', async () => {
    const relative = 'test/fixtures/pages/duplicates';
    const corpus = await readPages([relative]);
    expect(corpus.files).toEqual([`${relative}/page-1.txt`, `${relative}/page-2.txt`]);
    expect(corpus.articles.every((a) => a.source.file.startsWith(`${relative}/`))).toBe(true);
  });
});

describe('readPages on the same article across pages', () => {
  it('returns one article per id, with the first page\'s source and the longest summary', async () => {
    const corpus = await readPages([DUPLICATES]);
    expect(corpus.problems).toEqual([]);
    expect(corpus.articles.map((a) => a.title)).toEqual([
      '广东：网络医院正式上线',
      '四川：联通将投资10亿元打造“智慧广元”',
      '陕西：将实现居民健康卡“一卡通”',
    ]);
    const sichuan = corpus.articles[1]!;
    expect(sichuan.source).toEqual({ file: join(DUPLICATES, 'page-1.txt'), line: 3 });
    expect(sichuan.date).toBe('2014-10-30');
    expect(sichuan.summary).toBe('10月22日，中国联合网络通信有限公司四川省分公司在成都与广元市人民政府签订“智慧广元”战略合作协议…');
  });

  it('gives an article the same id on both pages', () => {
    const one = parsePage(readFileSync(join(DUPLICATES, 'page-1.txt'), 'utf8'), 'page-1.txt');
    const two = parsePage(readFileSync(join(DUPLICATES, 'page-2.txt'), 'utf8'), 'page-2.txt');
    expect(two.articles[1]!.id).toBe(one.articles[0]!.id);
    expect(two.articles[2]!.id).toBe(one.articles[1]!.id);
  });

  it('keeps the first page\'s source whatever order the pages are named in', async () => {
    const reversed = await readPages([join(DUPLICATES, 'page-2.txt'), join(DUPLICATES, 'page-1.txt')]);
    const forward = await readPages([DUPLICATES]);
    expect(reversed.articles).toEqual(forward.articles);
  });

  it('reads a page named twice (itself and through its folder) once', async () => {
    const corpus = await readPages([DUPLICATES, join(DUPLICATES, 'page-1.txt')]);
    expect(corpus.files).toHaveLength(2);
    expect(corpus.articles).toHaveLength(3);
  });
});

describe('readPages on files that are not pages', () => {
  const gbkPage = new Uint8Array([...new TextEncoder().encode('地方新闻\n-\n'), 0xcb, 0xc4, 0xb4, 0xa8]); // 四川 in GBK
  let folder: string;
  beforeAll(async () => {
    folder = await folderWith('mixed', {
      'a-empty.txt': '',
      'b-binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'c-gbk.txt': gbkPage,
      'd-good.txt': GOOD_PAGE,
      'e-bom-crlf.txt': `\uFEFF${'地方新闻\r\n-\r\n广东：网络医院正式上线 2014-10-31\r\n广东省网络医院…\r\n'}`,
      'notes.md': '# not a page',
    });
    await mkdir(join(folder, 'nested'));
    await writeFile(join(folder, 'nested', 'deeper.txt'), GOOD_PAGE.replace('浙江', '福建'));
    await symlink(join(folder, 'nowhere.txt'), join(folder, 'f-dangling.txt'));
  });

  it('reports each bad file once at line 0 and skips it', async () => {
    const corpus = await readPages([folder]);
    const byFile = Object.fromEntries(corpus.problems.map((p) => [p.file.slice(folder.length + 1), p]));
    expect(Object.keys(byFile)).toEqual(['a-empty.txt', 'b-binary.txt', 'c-gbk.txt', 'f-dangling.txt']);
    expect(corpus.problems.every((p) => p.line === 0)).toBe(true);
    expect(byFile['a-empty.txt']!.message).toMatch(/empty/);
    expect(byFile['b-binary.txt']!.message).toMatch(/binary.*NUL/);
    expect(byFile['c-gbk.txt']!.message).toMatch(/not valid UTF-8.*line 3.*GB18030/);
    expect(byFile['f-dangling.txt']!.message).toMatch(/cannot read.*ENOENT/);
  });

  it('still reads the good pages, only .txt files, only this folder', async () => {
    const corpus = await readPages([folder]);
    expect(corpus.files.map((f) => f.slice(folder.length + 1))).toEqual(['d-good.txt', 'e-bom-crlf.txt']);
    expect(corpus.articles.map((a) => [a.title, a.date, a.source.line])).toEqual([
      ['广东：网络医院正式上线', '2014-10-31', 3],
      ['浙江：杭州推出“智慧医疗”', '2014-10-28', 3],
    ]);
  });

  it('reports a folder without pages instead of failing', async () => {
    const empty = await folderWith('no-pages', { 'readme.md': 'nothing here' });
    const corpus = await readPages([empty, SEED]);
    expect(corpus.problems).toEqual([{ file: empty, line: 0, message: expect.stringMatching(/no \.txt pages/) }]);
    expect(corpus.articles).toHaveLength(20);
  });
});

describe('readPages on broken records', () => {
  it('puts undated articles last and keeps every problem with its file and line', async () => {
    const file = join(FIXTURES, 'broken-records.txt');
    const corpus = await readPages([file]);
    expect(corpus.articles.map((a) => a.date)).toEqual(['2014-11-06', '2014-10-23', '2014-10-23', '2014-10-22', null, null]);
    expect(corpus.articles.slice(-2).map((a) => a.source.line)).toEqual([8, 11]);
    expect(corpus.problems.map((p) => `${p.file}:${p.line}`)).toEqual(
      [2, 8, 11, 13, 15, 21].map((line) => `${file}:${line}`),
    );
  });
});

describe('readPages on missing inputs', () => {
  it('throws PagesNotFoundError naming every missing path, before reading anything', async () => {
    const missing = join(scratch, 'no-such-folder');
    const error = await readPages([SEED, missing, 'also/missing.txt']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PagesNotFoundError);
    const notFound = error as PagesNotFoundError;
    expect(notFound.paths).toEqual([missing, 'also/missing.txt']);
    expect(notFound.path).toBe(missing);
    expect(notFound.message).toContain(missing);
    expect(notFound.message).toMatch(/folder holding the \.txt/);
  });

  it('treats a path through a file as missing', async () => {
    await expect(readPages([join(SEED, 'inner')])).rejects.toBeInstanceOf(PagesNotFoundError);
  });
});
