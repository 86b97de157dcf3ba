import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHealthnews } from './cli-run.ts';

describe('healthnews parse', () => {
  it('prints every seed article with its source as JSON, and no problems', async () => {
    const { code, stdout } = await runHealthnews(['parse', '--json', 'seeds']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.articles).toHaveLength(20);
    expect(out.problems).toEqual([]);
    const first = out.articles.find((a: { title: string }) => a.title.startsWith('北京卫生监督所'));
    expect(first).toMatchObject({ date: '2014-11-06', section: '地方新闻', region: { province: '北京' } });
    expect(first.source).toEqual({ file: expect.stringMatching(/seeds[/\\]000_1822e4ba295fea8a\.txt$/), line: 3 });
  });

  it('counts articles per region and lists problems with file:line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hn-parse-'));
    writeFileSync(path.join(dir, 'a.txt'), '地方新闻\n-\n四川:没有日期的标题\n摘要…\n-\n四川:有日期 2014-10-01\n摘要…\n');
    const { code, stdout } = await runHealthnews(['parse', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/2 articles in 1 page/);
    expect(stdout).toMatch(/^ +2 {2}四川$/m);
    expect(stdout).toMatch(/a\.txt:3: /);
  });

  it('explains a missing path with exit 1 and an unknown flag with exit 2', async () => {
    expect((await runHealthnews(['parse', 'nope-dir'])).code).toBe(1);
    expect((await runHealthnews(['parse', '--bogus'])).code).toBe(2);
  });
});
