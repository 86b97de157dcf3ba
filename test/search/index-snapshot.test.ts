import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadIndexSnapshot, saveIndexSnapshot, SNAPSHOT_FILE } from '../../src/search/index-snapshot.ts';
import { buildNewsIndex, type NewsIndex } from '../../src/search/news-index.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { syntheticArticles } from './synthetic-articles.ts';

const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CHILD = path.join(REPO_ROOT, 'test', 'search', 'index-snapshot-child.ts');
const today = '2026-11-26';
const ids = (index: NewsIndex, q: string) => index.search(q, { today, limit: 2000 }).hits.map((h) => h.article.id);

/** Runs the child until it says `mid-save`, then kills it with SIGKILL (no chance to clean up). */
async function killMidSave(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', TSX, CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('mid-save')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) before its save stalled: ${err}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return out;
}

describe('index snapshot on disk', () => {
  it('a restored index keeps the folded text of articles written in traditional characters or full-width letters', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-snapshot-fold-'));
    const written = (id: string, title: string, summary: string) => ({
      id, title, summary, date: '2026-11-20', section: '地方新闻',
      region: { province: null, city: null, county: null }, source: { file: 'p.txt', line: 1 },
    });
    const articles = [
      ...syntheticArticles(300, 3),
      written('trad-1', '廣東網絡醫院正式上線', '網上可看三甲醫院專家，遠程會診'),
      written('wide-1', 'ＨＩＳ系统升级', '医院信息系统（ＨＩＳ）完成升级'),
      // Keys out of step (醫院 before 網絡醫院, 網絡 after it): only a look in the folded text confirms 网络医院.
      written('trad-2', '基層建設', '醫院網絡醫院網絡建設'),
    ];
    await saveIndexSnapshot(buildNewsIndex(articles), dataDir);
    const loaded = (await loadIndexSnapshot(dataDir, articles))!.index;
    const fresh = buildNewsIndex(articles);
    // Multi-character terms are confirmed verbatim in the folded text: the restored index must hold it.
    for (const q of ['网络医院', '網絡醫院', '远程会诊', '三甲医院专家', 'his系统', '居民健康卡']) {
      expect(ids(loaded, q), q).toEqual(ids(fresh, q));
    }
    expect(ids(loaded, '网络医院')).toEqual(expect.arrayContaining(['trad-1', 'trad-2']));
    expect(ids(loaded, 'his系统')).toContain('wide-1');
  });

  it('after a kill in the middle of a save, the next start reads the old snapshot whole; the next save clears the torn file', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-snapshot-kill-'));
    const before = syntheticArticles(1500, 1);
    const after = syntheticArticles(1500, 2);

    expect(await killMidSave(dataDir)).toContain('saved A');
    // The kill did land mid-save: B's temporary file is there, part-written.
    const temporaries = readdirSync(dataDir).filter((name) => name.endsWith('.tmp'));
    expect(temporaries).toHaveLength(1);
    expect(statSync(path.join(dataDir, temporaries[0]!)).size).toBeGreaterThan(0);

    const loaded = await loadIndexSnapshot(dataDir, before);
    expect(loaded).not.toBeNull();
    expect({ reindexed: loaded!.reindexed, removed: loaded!.removed }).toEqual({ reindexed: 0, removed: 0 });
    expect(ids(loaded!.index, '居民健康卡')).toEqual(ids(buildNewsIndex(before), '居民健康卡'));

    await saveIndexSnapshot(buildNewsIndex(after), dataDir);
    expect(readdirSync(dataDir)).toEqual([SNAPSHOT_FILE]);
    const reloaded = await loadIndexSnapshot(dataDir, after);
    expect({ reindexed: reloaded!.reindexed, removed: reloaded!.removed }).toEqual({ reindexed: 0, removed: 0 });
  });
});
