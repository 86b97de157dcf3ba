// Cadences end to end, on a fake clock in Asia/Shanghai: the digest service (state under a temporary
// DATA_DIR, the real scheduler and run) posting to a stand-in Slack. Articles "arrive" on their
// publication day, as pages dropped into seeds/ would: the corpus only shows those dated today or before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDigestService, type DigestService } from '../../src/digest/digest-service.ts';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import { todayInShanghai } from '../../src/search/understand-query.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { PostRateLimiter } from '../../src/slack/post-rate-limiter.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { openStateDatabase, type StateDatabase } from '../../src/store/database.ts';
import { blockNetwork } from '../helpers/slack-harness.ts';
import { startWebApiStandIn, type StandIn } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';
import { article, region } from './articles.ts';

const logger = createLogger(process.env.TEST_LOG ? 'debug' : 'error', (line) => { if (process.env.TEST_LOG) console.log(line); });
const dirs: string[] = [];
const open: StateDatabase[] = [];
const services: DigestService<SlackMessage>[] = [];
let slack: StandIn;

beforeEach(async () => {
  blockNetwork();
  slack = await startWebApiStandIn();
  // setImmediate and microtasks stay real: nock and the Web API client answer through them.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.scheduler.stop();
  vi.useRealTimers();
  nock.cleanAll();
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  await slack.close();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** One bot process over `dataDir`: its own state connection, poster and scheduler. */
async function bot(dataDir: string, articles: () => readonly Article[]): Promise<DigestService<SlackMessage>> {
  const db = openStateDatabase(dataDir);
  open.push(db);
  // A limiter on a clock that never waits: pacing is tested with the limiter.
  const poster = new DigestPoster(digestTestClient(slack), { logger, sleep: async () => undefined, rate: new PostRateLimiter({}, { now: () => 0, sleep: async () => undefined }) });
  const service = await createDigestService({
    config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels: [] } },
    store: createSqliteStateStore(db),
    articles,
    render: digestMessages,
    poster,
    logger,
  });
  services.push(service);
  return service;
}

/** `HH:MM` in Shanghai on `day` as a Date. */
const shanghai = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** Two articles a day, Sichuan and Guangdong, one of them about 电子病历, from 09-29 to 10-15. */
const archive: Article[] = days('2024-09-29', '2024-10-15').flatMap((day) => [
  article(`四川:${day} 电子病历评级推进`, day, region('四川'), `sc-${day}`),
  article(`广东:${day} 互联网医院上线`, day, region('广东'), `gd-${day}`),
]);
const arrived = () => archive.filter((a) => a.date! <= todayInShanghai(new Date()));

/** Article ids of every message posted to `channel` (top and thread), by the Shanghai day it was posted. */
function postedByDay(channel: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const message of slack.posts(channel)) {
    const day = todayInShanghai(new Date(Number(message.ts.split('.')[0]) * 1000));
    const dates = [...JSON.stringify(message.blocks).matchAll(/(四川|广东):(\d{4}-\d{2}-\d{2})/g)].map((m) => `${m[1]}${m[2]!.slice(5)}`);
    out.set(day, [...(out.get(day) ?? []), ...dates]);
  }
  return out;
}

/** Lets one minute pass and waits for what the bots' schedulers ran in it (posts go over real I/O). */
async function tick(...bots: DigestService<SlackMessage>[]): Promise<void> {
  await vi.advanceTimersByTimeAsync(60_000);
  await settle(bots.map((b) => b.scheduler.whenIdle()));
}

// Captured before the clock is faked: a real millisecond for the stand-in's sockets to answer in.
const realSetTimeout = globalThis.setTimeout;

/**
 * Waits for `work`. A bot that finds a channel held by the other waits on the (fake) clock before it
 * looks again, so the clock is moved on a second per real millisecond until the work is done.
 */
async function settle(work: Promise<unknown>[]): Promise<void> {
  let done = false;
  const all = Promise.all(work).finally(() => (done = true));
  while (!done) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
    if (!done) await vi.advanceTimersByTimeAsync(1_000);
  }
  await all;
}

/** Starts a bot at 08:59 on each day, lets 09:00 pass, and stops it again (a restart every day). */
async function runDays(dataDir: string, list: string[]): Promise<void> {
  for (const day of list) {
    vi.setSystemTime(shanghai(day, '08:59'));
    const service = await bot(dataDir, arrived);
    await service.scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await service.scheduler.stop();
  }
}

describe('cadences on China\'s working calendar', () => {
  it('workdays skips 2024-10-01…07, posts on the 调休 Saturday 10-12, and carries the skipped days over; weekly posts once a week; daily every day', async () => {
    const dataDir = tempDir('healthnews-cadence-');
    vi.setSystemTime(shanghai('2024-09-29', '20:00'));
    const setup = await bot(dataDir, arrived);
    await setup.subscriptions.subscribe('C0WORKDAY', '工作日', 'U1');
    await setup.subscriptions.subscribe('C0WEEKLY', 'weekly', 'U1');
    await setup.subscriptions.subscribe('C0DAILY', '', 'U1');
    await runDays(dataDir, days('2024-09-30', '2024-10-14'));

    const workdays = postedByDay('C0WORKDAY');
    expect([...workdays.keys()]).toEqual(['2024-09-30', '2024-10-08', '2024-10-09', '2024-10-10', '2024-10-11', '2024-10-12', '2024-10-14']);
    // The first digest covers only the newest day (no backlog); 10-08 brings everything since 10-01.
    expect(workdays.get('2024-09-30')!.sort()).toEqual(['四川09-30', '广东09-30'].sort());
    expect(workdays.get('2024-10-08')!.sort()).toEqual(days('2024-10-01', '2024-10-08').flatMap((d) => [`四川${d.slice(5)}`, `广东${d.slice(5)}`]).sort());
    expect(workdays.get('2024-10-14')!.sort()).toEqual(['四川10-13', '四川10-14', '广东10-13', '广东10-14'].sort());

    const weekly = postedByDay('C0WEEKLY');
    expect([...weekly.keys()]).toEqual(['2024-09-30', '2024-10-08', '2024-10-14']);
    expect(weekly.get('2024-10-14')).toHaveLength(2 * 6); // 10-09 … 10-14

    expect([...postedByDay('C0DAILY').keys()]).toEqual(days('2024-09-30', '2024-10-14'));
    // Every article reached each channel exactly once.
    for (const channel of ['C0WORKDAY', 'C0WEEKLY', 'C0DAILY']) {
      const all = [...postedByDay(channel).values()].flat();
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('a topic subscription gets only the articles that contain its topic', async () => {
    const dataDir = tempDir('healthnews-topics-');
    vi.setSystemTime(shanghai('2024-10-07', '20:00'));
    const setup = await bot(dataDir, arrived);
    await setup.subscriptions.subscribe('C0EMR', '電子病歷', 'U1');
    await setup.subscriptions.subscribe('C0GDEMR', '广东 电子病历', 'U1');
    await runDays(dataDir, ['2024-10-08', '2024-10-09']);
    expect([...postedByDay('C0EMR').values()]).toEqual([['四川10-08'], ['四川10-09']]);
    expect(slack.posts('C0GDEMR')).toEqual([]);
    const header = slack.topLevel('C0EMR')[0]!.blocks[0];
    expect(header.text.text).toBe('健康信息化地方新闻 · 电子病历 · 2024-10-08');
  });

  it('a workdays slot missed while down is caught up within the grace window, once, even with two processes', async () => {
    const dataDir = tempDir('healthnews-catchup-');
    vi.setSystemTime(shanghai('2024-10-11', '08:00'));
    const setup = await bot(dataDir, arrived);
    await setup.subscriptions.subscribe('C0WORKDAY', '工作日', 'U1');
    await runDays(dataDir, ['2024-10-11']);
    // Down over 09:00 on the 调休 Saturday; two instances come up at 11:00.
    vi.setSystemTime(shanghai('2024-10-12', '11:00'));
    const [a, b] = [await bot(dataDir, arrived), await bot(dataDir, arrived)];
    await settle([a.scheduler.start(), b.scheduler.start()]);
    const posted = postedByDay('C0WORKDAY');
    expect([...posted.keys()]).toEqual(['2024-10-11', '2024-10-12']);
    expect(posted.get('2024-10-12')!.sort()).toEqual(['四川10-12', '广东10-12'].sort());
    // A holiday's slot is not "missed": nothing to catch up on 10-13 (Sunday).
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
    vi.setSystemTime(shanghai('2024-10-13', '11:00'));
    (await bot(dataDir, arrived)).scheduler.start();
    expect(slack.topLevel('C0WORKDAY')).toHaveLength(2);
  });
});

describe('instant', () => {
  it('posts a dropped-in page\'s articles within a minute, in one message, and once — with two processes ticking', async () => {
    const dataDir = tempDir('healthnews-instant-');
    const seeds = tempDir('healthnews-instant-seeds-');
    fs.writeFileSync(path.join(seeds, 'page-1.txt'), '地方新闻\n-\n四川:区域卫生平台招标 2024-10-08\n摘要一。\n');
    let articles = (await readPages([seeds])).articles;
    vi.setSystemTime(shanghai('2024-10-09', '10:00'));
    const [a, b] = [await bot(dataDir, () => articles), await bot(dataDir, () => articles)];
    await a.subscriptions.subscribe('C0INSTANT', '四川 即时', 'U1');
    await settle([a.scheduler.start(), b.scheduler.start()]);
    await tick(a, b);
    // The subscription's first delivery: the newest day already there.
    expect(slack.topLevel('C0INSTANT')).toHaveLength(1);

    // Quiet minutes, then the page lands at 10:05:20.
    for (let i = 0; i < 4; i++) await tick(a, b);
    await vi.advanceTimersByTimeAsync(20_000);
    const dropped = Date.now();
    fs.writeFileSync(
      path.join(seeds, 'page-2.txt'),
      '地方新闻\n-\n成都:居民健康卡发放 2024-10-09\n摘要二。\n-\n绵阳:远程会诊中心启用 2024-10-09\n摘要三。\n-\n广东:网络医院上线 2024-10-09\n摘要四。\n',
    );
    articles = (await readPages([seeds])).articles;
    await tick(a, b);
    const tops = slack.topLevel('C0INSTANT');
    expect(tops).toHaveLength(2);
    const second = JSON.stringify(tops[1]!.blocks);
    expect(second).toContain('成都:居民健康卡发放');
    expect(second).toContain('绵阳:远程会诊中心启用');
    expect(second).not.toContain('广东:网络医院上线');
    expect(Number(tops[1]!.ts.split('.')[0]) * 1000 - dropped).toBeLessThanOrEqual(60_000);

    for (let i = 0; i < 10; i++) await tick(a, b);
    expect(slack.posts('C0INSTANT')).toHaveLength(2);
  });

  it('leaves instant channels out of the 09:00 digest and daily ones out of the minute ticks', async () => {
    const dataDir = tempDir('healthnews-instant-daily-');
    vi.setSystemTime(shanghai('2024-10-09', '08:50'));
    const service = await bot(dataDir, arrived);
    await service.subscriptions.subscribe('C0INSTANT', 'instant', 'U1');
    await service.subscriptions.subscribe('C0DAILY', 'daily', 'U1');
    await service.scheduler.start();
    await tick(service);
    expect([slack.posts('C0INSTANT').length, slack.posts('C0DAILY').length]).toEqual([1, 0]);
    for (let i = 0; i < 15; i++) await tick(service);
    expect([slack.posts('C0INSTANT').length, slack.posts('C0DAILY').length]).toEqual([1, 1]);
  });

  it('a channel whose instant post fails is tried again every 15 minutes, not every minute', async () => {
    slack.channelErrors.set('C0GONE', 'not_in_channel');
    const dataDir = tempDir('healthnews-instant-retry-');
    vi.setSystemTime(shanghai('2024-10-09', '10:00'));
    const service = await bot(dataDir, arrived);
    await service.subscriptions.subscribe('C0GONE', '即时', 'U1');
    await service.scheduler.start();
    for (let i = 0; i < 20; i++) await tick(service);
    const attempts = slack.calls.filter((c: { method: string; body: Record<string, any> }) => c.method === 'chat.postMessage' && c.body.channel === 'C0GONE');
    expect(attempts).toHaveLength(2); // 10:01, then 10:16
    expect((await service.subscriptions.list('C0GONE')).here?.lastError).toMatch(/not_in_channel/);
  });
});
