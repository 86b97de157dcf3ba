import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Env } from '../../src/config.ts';
import { runHealthnews } from './cli-run.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, TEST_BOT_TOKEN as TOKEN } from '../helpers/web-api-stand-in.ts';

const dirs: string[] = [];
afterEach(() => {
  nock.cleanAll();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthnews-cli-'));
  dirs.push(dir);
  return dir;
}

function seedsWith(...pages: string[]): string {
  const dir = tempDir();
  pages.forEach((text, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.txt`), text));
  return dir;
}

const PAGE = ['地方新闻', '-', '河北:召开省医疗健康信息化会议 2014-11-06', '河北省医疗健康信息化建设交流会在石家庄举行。', '-', '天津:搭建慢性病管理医疗协作体 2014-10-23', '天津市出台新举措。'].join('\n');

/** `healthnews digest …` as the terminal runs it (through the CLI's error handling). */
function run(args: string[], env: Env = {}, cwd = tempDir()) {
  return runHealthnews(['digest', ...args], env, cwd);
}

describe('healthnews digest', () => {
  it('--help prints the usage', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: healthnews digest --dry-run/);
  });

  it('an unknown flag prints the usage and exits 2', async () => {
    const { code, stderr } = await run(['--dry-run', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage: healthnews digest/);
  });

  it('asks for one of --dry-run or --post', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--dry-run', '--post'])).code).toBe(2);
  });

  it('rejects a bad --since with the expected form', async () => {
    const { code, stderr } = await run(['--dry-run', '--since', '11/06']);
    expect(code).toBe(2);
    expect(stderr).toContain('--since "11/06" is not a date; use YYYY-MM-DD');
  });

  it('--dry-run --json prints the messages (newest day for a first digest) and touches no state', async () => {
    const cwd = tempDir();
    const seeds = seedsWith(PAGE);
    const { code, stdout } = await run(['--dry-run', '--json', '--seeds', seeds], { DIGEST_CHANNELS: 'C0123' }, cwd);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]).toMatchObject({ channel: 'C0123', thread: false });
    expect(out.messages[0].text).toContain('1 篇新文章');
    expect(JSON.stringify(out.messages[0].blocks)).toContain('河北:召开省医疗健康信息化会议');
    expect(JSON.stringify(out.messages[0].blocks)).not.toContain('天津');
    expect(fs.existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('--dry-run shows each channel\'s next slot by its cadence (Asia/Shanghai calendar) and what it would post then', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2024-09-30T02:00:00Z')); // Monday 10:00 in Shanghai, before National Day
      const env: Env = { DIGEST_CHANNELS: 'C0WEEK=河北+weekly,C0WORK=天津+慢性病+工作日,C0NOW=即时,C0DAY' };
      const { code, stdout } = await run(['--dry-run', '--seeds', seedsWith(PAGE)], env);
      expect(code).toBe(0);
      expect(stdout).toContain('C0WEEK  河北 · 每周 · next 2024-10-08 09:00 (Asia/Shanghai): 1 article(s)');
      expect(stdout).toContain('C0WORK  天津 · 话题 慢性病 · 工作日 · next 2024-10-08 09:00 (Asia/Shanghai): 1 article(s)');
      expect(stdout).toContain('C0NOW  全部地区 · 即时 · next 2024-09-30 10:01 (Asia/Shanghai): 1 article(s)');
      expect(stdout).toContain('C0DAY  全部地区 · 每天 · next 2024-10-01 09:00 (Asia/Shanghai): 1 article(s)');
      expect(stdout).toContain('• 天津:搭建慢性病管理医疗协作体  2014-10-23');
      const json = JSON.parse((await run(['--dry-run', '--json', '--seeds', seedsWith(PAGE)], env)).stdout);
      expect(json.channels[1]).toEqual({ channel: 'C0WORK', regions: '天津', topics: '慢性病', cadence: 'workdays', nextSlot: '2024-10-08T01:00:00.000Z' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('--dry-run --since covers every article from that day, readable without --json', async () => {
    const { code, stdout } = await run(['--dry-run', '--since', '2014-10-01', '--seeds', seedsWith(PAGE)]);
    expect(code).toBe(0);
    expect(stdout).toContain('健康信息化地方新闻 · 2014-10-23 至 2014-11-06');
    expect(stdout).toContain('• 河北:召开省医疗健康信息化会议  2014-11-06');
    expect(stdout).toContain('• 天津:搭建慢性病管理医疗协作体  2014-10-23');
  });

  it('--post without a bot token says which variable to set and exits 1', async () => {
    const { code, stderr } = await run(['--post', '--seeds', seedsWith(PAGE)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN: is not set/);
  });

  it('--post posts once per subscribed channel, then nothing the second time', async () => {
    blockNetwork();
    const slack = await startWebApiStandIn();
    onTestFinished(() => slack.close());
    const cwd = tempDir();
    const env: Env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'signing-secret-1234', SLACK_API_URL: slack.apiUrl, DIGEST_CHANNELS: 'C0AAA,C0BBB' };
    const seeds = seedsWith(PAGE);
    const first = await run(['--post', '--seeds', seeds], env, cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/C0AAA {2}sent 1 article\(s\)\n {2}C0BBB {2}sent 1 article\(s\)/);
    expect(first.stderr).not.toContain(TOKEN);
    const second = await run(['--post', '--seeds', seeds], env, cwd);
    expect(second.stdout).toMatch(/C0AAA {2}nothing new, nothing posted/);
    expect(slack.topLevel()).toHaveLength(2);
    expect(fs.existsSync(path.join(cwd, 'data', 'healthnews.sqlite'))).toBe(true);
  });

  it.skipIf(postgresSkipReason !== null)('with DATABASE_URL, --post and --dry-run use PostgreSQL and leave no SQLite file', async () => {
    blockNetwork();
    const slack = await startWebApiStandIn();
    onTestFinished(() => slack.close());
    const cwd = tempDir();
    const env: Env = {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: 'signing-secret-1234',
      SLACK_API_URL: slack.apiUrl,
      DIGEST_CHANNELS: 'C0AAA',
      DATABASE_URL: await createTestDatabase(),
    };
    const seeds = seedsWith(PAGE);
    const first = await run(['--post', '--seeds', seeds], env, cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/C0AAA {2}sent 1 article\(s\)/);
    // What was sent is in the database: a preview knows there is nothing new, and a second --post posts nothing.
    const preview = await run(['--dry-run', '--seeds', seeds], env, cwd);
    expect(preview.stdout).toMatch(/^C0AAA .*: nothing new$/m);
    expect((await run(['--post', '--seeds', seeds], env, cwd)).stdout).toMatch(/C0AAA {2}nothing new, nothing posted/);
    expect(slack.topLevel()).toHaveLength(1);
    expect(fs.existsSync(path.join(cwd, 'data', 'healthnews.sqlite'))).toBe(false);
  });

  it('--post with a DIGEST_CHANNELS word that is neither region nor topic names the entry and exits 1', async () => {
    const env: Env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'signing-secret-1234', DIGEST_CHANNELS: 'C0AAA=四川+新闻' };
    const { code, stderr } = await run(['--post', '--seeds', seedsWith(PAGE)], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/DIGEST_CHANNELS: entry "C0AAA=四川\+新闻": "新闻" neither a region name nor a topic/);
  });
});
