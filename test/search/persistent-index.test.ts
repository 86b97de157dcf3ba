import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { PersistentIndex } from '../../src/search/persistent-index.ts';
import { syntheticArticles } from './synthetic-articles.ts';

const today = '2026-11-26';

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', (line) => lines.push(line)) };
}

describe('PersistentIndex', () => {
  it('builds on the first start, loads on the next, and keeps changes across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hn-persist-'));
    const articles = syntheticArticles(800, 5);

    const first = recordingLogger();
    const run1 = new PersistentIndex({ dataDir, logger: first.logger, saveDelayMs: 60_000 });
    const built = await run1.open(articles);
    await run1.close();
    expect(first.lines.join('\n')).toMatch(/index built/);

    const second = recordingLogger();
    const run2 = new PersistentIndex({ dataDir, logger: second.logger, saveDelayMs: 60_000 });
    const loaded = await run2.open(articles);
    expect(second.lines.join('\n')).toMatch(/loaded from .* \(0 article\(s\) re-indexed, 0 dropped\)/);
    expect(loaded.search('居民健康卡', { today, limit: 50 }).hits.map((h) => h.article.id)).toEqual(
      built.search('居民健康卡', { today, limit: 50 }).hits.map((h) => h.article.id),
    );

    const added = syntheticArticles(1, 77).map((a) => ({ ...a, title: `${a.title}远程心电中心` }));
    const updated = run2.update([...articles.slice(1), ...added]);
    expect(updated.search('远程心电中心', { today }).total).toBe(1);
    await run2.close();

    const third = recordingLogger();
    const run3 = new PersistentIndex({ dataDir, logger: third.logger, saveDelayMs: 60_000 });
    const reopened = await run3.open([...articles.slice(1), ...added]);
    expect(third.lines.join('\n')).toMatch(/0 article\(s\) re-indexed, 0 dropped/);
    expect(reopened.search('远程心电中心', { today }).total).toBe(1);
    expect(reopened.size).toBe(800);
  });
});
