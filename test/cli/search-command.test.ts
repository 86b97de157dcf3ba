import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { repoRoot, runHealthnews } from './cli-run.ts';

describe('healthnews search', () => {
  it('lists the four Sichuan seed articles, newest first, as JSON', async () => {
    const { code, stdout } = await runHealthnews(['search', '--json', '四川']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.query).toBe('四川');
    expect(out.total).toBe(4);
    expect(out.results.map((r: { region: { province: string } }) => r.region.province)).toEqual(['四川', '四川', '四川', '四川']);
    const dates = out.results.map((r: { date: string }) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(Object.keys(out.results[0]).sort()).toEqual(['date', 'id', 'region', 'score', 'summary', 'title']);
  });

  it('prints readable cards with region and date by default', async () => {
    const { code, stdout } = await runHealthnews(['search', '居民健康卡', '--limit', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/关键词 居民健康卡/);
    expect(stdout).toMatch(/共 4 篇/);
    expect(stdout).toMatch(/^1\. .+\n {3}\S.* · 2014-\d\d-\d\d/m);
    expect(stdout).toMatch(/还有 2 篇/);
  });

  it('says so and suggests a query when nothing matches', async () => {
    const { code, stdout } = await runHealthnews(['search', '四川', '互联网医院']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/没有找到相关新闻/);
    expect(stdout).toMatch(/healthnews search 四川/);
  });

  it('mends a homophone typo and a misspelt region, in text and in --json suggestions', async () => {
    const typo = await runHealthnews(['search', '居民键康卡']);
    expect(typo.stdout).toMatch(/没有找到相关新闻/);
    expect(typo.stdout).toMatch(/试试：healthnews search 居民健康卡(\s|$)/);
    const region = JSON.parse((await runHealthnews(['search', '--json', 'sichaun'])).stdout);
    expect(region.total).toBe(0);
    expect(region.suggestions[0]).toBe('四川');
  });

  it('finds articles written in simplified characters for a query in traditional ones', async () => {
    const out = JSON.parse((await runHealthnews(['search', '--json', '網絡醫院'])).stdout);
    expect(out.total).toBe(1);
    expect(out.results[0].title).toContain('网络医院');
  });

  it('answers a question with the answer line first, in text and as JSON', async () => {
    const text = await runHealthnews(['search', '哪些地方发放了居民健康卡？', '--limit', '2']);
    expect(text.stdout).toMatch(/^答：.*居民健康卡.*\n——《陕西:将于11月20日发放首批居民健康卡》/);
    expect(text.stdout).toMatch(/陕西 · 四川 · 辽宁，共 4 篇/);
    const { stdout } = await runHealthnews(['search', '--json', '哪些地方发放了居民健康卡？']);
    const out = JSON.parse(stdout);
    expect(out.understood).toMatchObject({ mode: 'question', chunks: ['发放', '居民健康卡'], where: true });
    expect(out.answer.title).toBe(out.results[0].title);
    expect(out.results[0].summary).toContain(out.answer.sentence);
    expect(out.answer.regions).toEqual({ labels: ['陕西', '四川', '辽宁'], articles: 4 });
  });

  it('reads another folder from --seeds or SEEDS_DIR, and explains a missing one with exit 1', async () => {
    const missing = await runHealthnews(['search', '--seeds', 'no/such/dir', '四川']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no[/\\]such[/\\]dir/);
    const fromEnv = await runHealthnews(['search', '四川'], { SEEDS_DIR: 'also/missing' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toMatch(/also[/\\]missing/);
  });

  it('rejects an unknown flag with usage and exit 2; --help exits 0', async () => {
    const bad = await runHealthnews(['search', '--colour', '四川']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Usage: healthnews search/);
    const help = await runHealthnews(['search', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--limit N/);
    expect((await runHealthnews(['search', '--limit', 'x', '四川'])).code).toBe(2);
  });

  it('works through the installed bin, as npx healthnews runs it', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/healthnews.js'), 'search', '--json', 'sichuan'], {
      cwd: repoRoot,
    });
    expect(JSON.parse(stdout).total).toBe(4);
  }, 30_000);
});

describe('healthnews', () => {
  it('prints usage for no command (exit 2) and for --help (exit 0); unknown command exits 2', async () => {
    expect((await runHealthnews([])).code).toBe(2);
    const help = await runHealthnews(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/search/);
    expect((await runHealthnews(['serch'])).code).toBe(2);
  });
});
