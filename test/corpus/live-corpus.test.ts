import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveCorpus } from '../../src/corpus/live-corpus.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import { runDigest, manualSlot } from '../../src/digest/digest-run.ts';
import { createLogger } from '../../src/log.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { PostRateLimiter } from '../../src/slack/post-rate-limiter.ts';
import { openStateDatabase } from '../../src/store/database.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { SubscriptionStore } from '../../src/store/subscription-store.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';

const logger = createLogger('error', () => undefined);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  nock.cleanAll();
});

function page(...records: Array<[string, string, string]>): string {
  return ['地方新闻', ...records.flatMap(([title, date, summary]) => ['-', `${title} ${date}`, summary])].join('\n') + '\n';
}

function tempSeeds(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-seeds-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, '001.txt'), page(['河北:召开省医疗健康信息化会议', '2014-11-06', '10月29日,河北省医疗健康信息化建设交流会在石家庄举行。']));
  return dir;
}

async function until(check: () => boolean, timeoutMs = 4000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the corpus to change');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function started(folder: string, options: Partial<ConstructorParameters<typeof LiveCorpus>[0]> = {}) {
  const corpus = new LiveCorpus({ folder, debounceMs: 50, pollMs: 200, logger, ...options });
  await corpus.start();
  cleanups.push(() => corpus.stop());
  return corpus;
}

describe('LiveCorpus', () => {
  it('reads the folder at start like readPages does', async () => {
    const folder = tempSeeds();
    const corpus = await started(folder);
    expect(corpus.articles()).toEqual((await readPages([folder])).articles);
  });

  it('picks up a page dropped in while running, within seconds, and tells subscribers', async () => {
    const folder = tempSeeds();
    const corpus = await started(folder);
    const seen: number[] = [];
    corpus.onChange((articles) => seen.push(articles.length));
    fs.writeFileSync(path.join(folder, '002.txt'), page(['四川:首家省级健康云平台发布', '2014-11-07', '10月27日,健康四川正式上线运行。']));
    await until(() => corpus.articles().length === 2);
    expect(corpus.articles()[0]!.title).toBe('四川:首家省级健康云平台发布');
    expect(seen).toContain(2);
  });

  it('still notices new pages when fs.watch never fires (periodic rescan)', async () => {
    const folder = tempSeeds();
    const corpus = await started(folder, { debounceMs: 60_000, pollMs: 100 });
    fs.writeFileSync(path.join(folder, '002.txt'), page(['广东:网络医院正式上线', '2014-11-07', '广东省网络医院正式上线启用。']));
    await until(() => corpus.articles().length === 2);
  });

  it('re-reads only files whose mtime or size changed, and drops removed pages', async () => {
    const folder = tempSeeds();
    fs.writeFileSync(path.join(folder, '002.txt'), page(['广东:网络医院正式上线', '2014-11-07', '广东省网络医院。']));
    const reads: string[] = [];
    const corpus = await started(folder, { pollMs: 0, read: (files) => (reads.push(...files), readPages(files)) });
    expect(reads.map((f) => path.basename(f)).sort()).toEqual(['001.txt', '002.txt']);
    reads.length = 0;
    fs.appendFileSync(path.join(folder, '002.txt'), page(['广东:第二篇', '2014-11-08', '又一篇。']).replace('地方新闻\n', ''));
    await corpus.rescan();
    expect(reads.map((f) => path.basename(f))).toEqual(['002.txt']);
    expect(corpus.articles().map((a) => a.title)).toContain('广东:第二篇');
    fs.rmSync(path.join(folder, '002.txt'));
    await corpus.rescan();
    expect(corpus.articles().map((a) => a.title)).toEqual(['河北:召开省医疗健康信息化会议']);
  });

  it('after each change holds exactly what a fresh read gives, and tells listeners only what changed', async () => {
    const folder = tempSeeds();
    const shared: [string, string, string] = ['四川:首家省级健康云平台发布', '2014-11-07', '10月27日,健康四川上线…'];
    fs.writeFileSync(path.join(folder, '002.txt'), page(shared, ['广东:网络医院正式上线', '2014-11-07', '广东省网络医院。']));
    const corpus = await started(folder, { pollMs: 0 });
    const changes: Array<{ upserted: string[]; removedIds: string[] }> = [];
    corpus.onChange((_, change) => changes.push({ upserted: change.upserted.map((a) => a.title), removedIds: [...change.removedIds] }));
    const fresh = async () => (await readPages([folder])).articles;

    // The same article on a later page with a longer summary: the longer summary wins, the first page's source stays.
    fs.writeFileSync(path.join(folder, '003.txt'), page([shared[0], shared[1], '10月27日,健康四川正式上线运行,覆盖全省…'], ['陕西:居民健康卡发放', '2014-11-09', '陕西省。']));
    await corpus.rescan();
    expect(corpus.articles()).toEqual(await fresh());
    expect(changes.pop()).toEqual({ upserted: ['陕西:居民健康卡发放', '四川:首家省级健康云平台发布'], removedIds: [] });

    // The page holding the first copy goes: the article stays, now from 003.txt; 广东 goes.
    const guangdong = corpus.articles().find((a) => a.title.startsWith('广东'))!.id;
    fs.rmSync(path.join(folder, '002.txt'));
    await corpus.rescan();
    expect(corpus.articles()).toEqual(await fresh());
    expect(corpus.articles().find((a) => a.title.startsWith('四川'))!.source.file).toBe(path.join(folder, '003.txt'));
    expect(changes.pop()).toEqual({ upserted: ['四川:首家省级健康云平台发布'], removedIds: [guangdong] });

    // An unchanged page re-read (touched) changes nothing anyone sees.
    const before = corpus.articles();
    fs.appendFileSync(path.join(folder, '001.txt'), '\n');
    await corpus.rescan();
    expect(corpus.articles()).toEqual(before);
    expect(corpus.articles()).toEqual(await fresh());
  });

  it('says which variable to fix when the folder does not exist', async () => {
    const corpus = new LiveCorpus({ folder: path.join(os.tmpdir(), 'no-such-healthnews-seeds') });
    await expect(corpus.start()).rejects.toThrow(/SEEDS_DIR: .* is not a folder/);
  });

  it('a page dropped in shows up in the next digest, and only it', async () => {
    blockNetwork();
    const slack = await startWebApiStandIn();
    cleanups.push(() => slack.close());
    const folder = tempSeeds();
    const corpus = await started(folder);
    const db = openStateDatabase(':memory:');
    cleanups.push(() => {
      db.close();
    });
    const subscriptions = new SubscriptionStore(db);
    subscriptions.upsert('C0ALL', [], 'command');
    const state = createSqliteStateStore(db);
    const deps = { subscriptions: state.subscriptions, deliveries: state.deliveries, articles: () => corpus.articles(), render: digestMessages, poster: new DigestPoster(digestTestClient(slack), { rate: new PostRateLimiter({}, { now: () => 0, sleep: async () => undefined }) }), logger };
    await runDigest(manualSlot(new Date(Date.now() - 1000)), deps);
    fs.writeFileSync(path.join(folder, '002.txt'), page(['四川:首家省级健康云平台发布', '2014-11-07', '健康四川正式上线运行。']));
    await until(() => corpus.articles().length === 2);
    await runDigest(manualSlot(new Date()), deps);
    const [first, second] = slack.topLevel('C0ALL');
    expect(JSON.stringify(first!.blocks)).toContain('河北:召开省医疗健康信息化会议');
    expect(JSON.stringify(second!.blocks)).toContain('四川:首家省级健康云平台发布');
    expect(JSON.stringify(second!.blocks)).not.toContain('河北');
  });
});

describe('LiveCorpus with a page cache', () => {
  it('reads only changed pages after a restart, and answers exactly as a fresh read', async () => {
    const { PageCache } = await import('../../src/corpus/page-cache.ts');
    const folder = tempSeeds();
    fs.writeFileSync(path.join(folder, '002.txt'), page(['广东:网络医院正式上线', '2014-11-07', '广东省网络医院。']));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-cache-'));
    cleanups.push(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    const first = await started(folder, { pollMs: 0, cache: new PageCache(cacheDir) });
    await first.stop(); // writes the cache

    fs.writeFileSync(path.join(folder, '003.txt'), page(['四川:健康云平台发布', '2014-11-08', '健康四川上线。']));
    const reads: string[] = [];
    const second = await started(folder, { pollMs: 0, cache: new PageCache(cacheDir), read: (files) => (reads.push(...files), readPages(files)) });
    expect(reads.map((f) => path.basename(f))).toEqual(['003.txt']);
    expect(second.articles()).toEqual((await readPages([folder])).articles);
  });

  it('ignores a damaged cache entry and reads that page again', async () => {
    const { PageCache } = await import('../../src/corpus/page-cache.ts');
    const folder = tempSeeds();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-cache-'));
    cleanups.push(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
    await (await started(folder, { pollMs: 0, cache: new PageCache(cacheDir) })).stop();
    const cacheFile = path.join(cacheDir, 'page-cache.utf16');
    const lines = fs.readFileSync(cacheFile).toString('utf16le').split('\n');
    fs.writeFileSync(cacheFile, Buffer.from([lines[0], '{"truncated', ...lines.slice(2)].join('\n'), 'utf16le'));
    const corpus = await started(folder, { pollMs: 0, cache: new PageCache(cacheDir) });
    expect(corpus.articles()).toEqual((await readPages([folder])).articles);
  });
});
