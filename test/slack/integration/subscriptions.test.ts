// `/healthnews subscribe|unsubscribe|subscriptions` end to end: signed slash commands to Bolt's
// real HTTP receiver, conversations.info and response_urls through nock, subscriptions in a real
// state database under a temporary DATA_DIR — so a second app over the same folder sees them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionService } from '../../../src/digest/subscription-service.ts';
import { openStateDatabase, type StateDatabase } from '../../../src/store/database.ts';
import { SubscriptionStore } from '../../../src/store/subscription-store.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, mrkdwnTexts } from '../../helpers/block-kit-limits.ts';
import { API_ORIGIN, blockNetwork, recordPosts, RESPONSE_ORIGIN, startTestApp, TEST_SCHEDULE, type TestApp } from '../../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../../helpers/slack-requests.ts';
import { createSqliteStateStore } from '../../../src/store/sqlite-state-store.ts';

type Message = Record<string, any>;

const PUBLIC = 'C0PUBLIC1';
const OTHER = 'C0PUBLIC2';
const PRIVATE_OUTSIDE = 'G0PRIVATE';
const PUBLIC_OUTSIDE = 'C0NOTIN01';

let dataDir: string;
let db: StateDatabase;
let app: TestApp;
let urlCount = 0;
/** conversations.info calls seen, by channel. */
let infoCalls: string[];
/** What conversations.info answers for a channel; unknown channels answer `member`. */
let infoAnswers: Map<string, Record<string, unknown>>;

function serviceOver(database: StateDatabase) {
  return new SubscriptionService(createSqliteStateStore(database).subscriptions);
}

async function startApp(database: StateDatabase): Promise<TestApp> {
  return startTestApp({ search: null, subscriptions: serviceOver(database) });
}

/** Runs `/healthnews text` in `channel` and returns what went to the response_url. */
async function command(text: string, channel = PUBLIC, overrides: Record<string, string> = {}, on: TestApp = app): Promise<Message> {
  const replyPath = `/commands/T0001/sub${Date.now()}${urlCount++}/secret`;
  const replies = recordPosts(RESPONSE_ORIGIN, replyPath);
  const ack = await postToSlackEndpoint(
    on.baseUrl,
    slashCommand(text, { channel_id: channel, channel_name: 'health-it', response_url: `${RESPONSE_ORIGIN}${replyPath}`, ...overrides }),
  );
  expect(ack.status).toBe(200);
  const answer = await replies.next();
  assertBlockKitLimits(answer);
  assertNoInjectedMarkup(answer, undefined, [PUBLIC, OTHER, PUBLIC_OUTSIDE, channel]);
  return answer;
}

const shown = (message: Message) => mrkdwnTexts(message).join('\n');

beforeAll(() => blockNetwork());

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-subs-'));
  db = openStateDatabase(dataDir);
  infoCalls = [];
  infoAnswers = new Map([
    [PRIVATE_OUTSIDE, { ok: false, error: 'channel_not_found' }],
    [PUBLIC_OUTSIDE, { ok: true, channel: { id: PUBLIC_OUTSIDE, is_channel: true, is_private: false, is_member: false } }],
  ]);
  nock(API_ORIGIN)
    .persist()
    .post('/api/conversations.info')
    .reply((_uri, body) => {
      const channel = new URLSearchParams(String(body)).get('channel') ?? '';
      infoCalls.push(channel);
      return [200, infoAnswers.get(channel) ?? { ok: true, channel: { id: channel, is_channel: true, is_private: false, is_member: true } }];
    });
  app = await startApp(db);
});

afterEach(async () => {
  await app.stop();
  db.close();
  nock.cleanAll();
});

afterAll(() => nock.enableNetConnect());

describe('/healthnews subscribe', () => {
  it('subscribes the channel to the regions named, confirms privately, and a restarted app still has it', async () => {
    const answer = await command('subscribe 四川 广东省');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe(`已订阅：<#${PUBLIC}> 将收到 四川、广东 · 每天 的摘要（${TEST_SCHEDULE}）。`);
    expect(infoCalls).toEqual([PUBLIC]);

    // Same DATA_DIR, new database handle and new app: what a restart sees.
    await app.stop();
    db.close();
    db = openStateDatabase(dataDir);
    app = await startApp(db);
    const list = await command('subscriptions');
    expect(list.response_type).toBe('ephemeral');
    expect(list.blocks[0].text.text).toContain(`*这个频道* <#${PUBLIC}> — 四川、广东`);
  });

  it('with no region names subscribes to every region; the same command again changes nothing', async () => {
    const first = await command('subscribe');
    expect(first.text).toContain('全部地区');
    expect(first.text).toMatch(/^已订阅/);
    const again = await command('subscribe');
    expect(again.text).toMatch(/^订阅未变/);
    const changed = await command('subscribe 陕西');
    expect(changed.text).toMatch(/^已更新订阅：.* 陕西 · 每天 的摘要/);
    expect((await serviceOver(db).list(PUBLIC)).here?.regions).toBe('陕西');
  });

  it('names every word that is neither a region nor a topic, shows what works, and stores nothing', async () => {
    const answer = await command('subscribe 四川 电子病历 的 新闻 卡');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/^“的”、“新闻”、“卡” 既不是地区名也不是话题.*，所以这次没有改动。/);
    expect(answer.text).not.toContain('“四川”');
    expect(answer.text).not.toContain('“电子病历”');
    expect(answer.text).toContain('/healthnews subscribe 四川 广东 电子病历 每周');
    expect((await serviceOver(db).list(PUBLIC)).all).toEqual([]);
  });

  it('subscribes to topics and a cadence; a later subscribe without a cadence keeps it', async () => {
    const answer = await command('subscribe 四川 广东 电子病历 互联网医院 每周');
    expect(answer.text).toBe(`已订阅：<#${PUBLIC}> 将收到 四川、广东 · 话题 电子病历、互联网医院 · 每周 的摘要（每周一份，在每周第一个工作日发，09:00（Asia/Shanghai））。`);
    const stored = new SubscriptionStore(db).get(PUBLIC)!;
    expect([stored.topics, stored.cadence]).toEqual([['电子病历', '互联网医院'], 'weekly']);
    await command('subscribe 陕西 居民健康卡');
    expect(new SubscriptionStore(db).get(PUBLIC)!.cadence).toBe('weekly');
    await command('subscribe 陕西 居民健康卡 instant');
    expect(new SubscriptionStore(db).get(PUBLIC)!.cadence).toBe('instant');
    const list = await command('subscriptions');
    expect(shown(list)).toContain(`<#${PUBLIC}> — 陕西 · 话题 居民健康卡 · 即时`);
  });

  it('shows hostile region text back as plain text, not as a mention', async () => {
    const answer = await command('subscribe <!channel> @here');
    expect(shown(answer)).toContain('&lt;!channel&gt;');
    expect(shown(answer)).not.toContain('<!channel>');
    expect((await serviceOver(db).list(PUBLIC)).all).toEqual([]);
  });

  it('in a private channel the bot is not in, explains how to invite it and stores nothing', async () => {
    const answer = await command('subscribe 四川', PRIVATE_OUTSIDE, { channel_name: 'privategroup' });
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('/invite @healthnews');
    expect(answer.text).toContain('没有订阅');
    // Slack shows a private channel the bot cannot see as an unnamed link; we say "this channel".
    expect(answer.text).not.toContain(`<#${PRIVATE_OUTSIDE}>`);
    expect(infoCalls).toEqual([PRIVATE_OUTSIDE]);
    expect((await serviceOver(db).list(PRIVATE_OUTSIDE)).all).toEqual([]);
  });

  it('in a public channel the bot is not in, also asks for the invite first (chat:write only posts where it is a member)', async () => {
    const answer = await command('subscribe', PUBLIC_OUTSIDE);
    expect(answer.text).toContain(`<#${PUBLIC_OUTSIDE}>`);
    expect(answer.text).toContain('/invite @healthnews');
    expect((await serviceOver(db).list(PUBLIC_OUTSIDE)).all).toEqual([]);
  });

  it('in a direct message says digests go to channels, without asking Slack', async () => {
    const answer = await command('subscribe 四川', 'D0DIRECT1', { channel_name: 'directmessage' });
    expect(answer.text).toContain('只能发到频道');
    expect(infoCalls).toEqual([]);
    expect((await serviceOver(db).list('D0DIRECT1')).all).toEqual([]);
  });

  it('still subscribes when Slack cannot say whether the bot is in the channel, and logs how to fix the scope', async () => {
    infoAnswers.set(PUBLIC, { ok: false, error: 'missing_scope', needed: 'channels:read' });
    const answer = await command('subscribe 四川');
    expect(answer.text).toMatch(/^已订阅/);
    expect(app.logs.join('\n')).toMatch(/conversations\.info for C0PUBLIC1 failed \(missing_scope\).*channels:read and groups:read/);
  });
});

describe('/healthnews unsubscribe', () => {
  it('removes this channel only, confirms privately, and says so when there was nothing to remove', async () => {
    await command('subscribe 四川');
    await command('subscribe', OTHER);
    const answer = await command('unsubscribe');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe(`已取消订阅：<#${PUBLIC}> 不再收到每日摘要。`);
    expect((await serviceOver(db).list(PUBLIC)).all.map((s) => s.channel)).toEqual([OTHER]);
    const again = await command('unsubscribe');
    expect(again.text).toContain('没有订阅每日摘要');
  });

  it('warns that a subscription from DIGEST_CHANNELS comes back at the next start', async () => {
    serviceOver(db).seed([{ channel: PUBLIC, words: ['四川'] }]);
    const answer = await command('unsubscribe');
    expect(answer.text).toMatch(/^已取消订阅/);
    expect(shown(answer)).toContain('DIGEST_CHANNELS');
  });
});

describe('/healthnews subscriptions', () => {
  it("lists this channel's subscription first, then every channel's with its last delivery error", async () => {
    await command('subscribe 四川');
    await command('subscribe', OTHER);
    db.prepare('UPDATE subscriptions SET last_error = ?, last_error_at = ? WHERE channel = ?').run(
      'chat.postMessage in C0PUBLIC2: not_in_channel — the bot is not in this channel; invite it with /invite @healthnews',
      '2024-05-01T01:00:05.000Z',
      OTHER,
    );
    const answer = await command('subscriptions');
    const text = shown(answer);
    expect(answer.blocks[0].text.text).toContain(`*这个频道* <#${PUBLIC}> — 四川`);
    expect(text.indexOf('*所有频道* 2 个订阅')).toBeGreaterThan(text.indexOf('*这个频道*'));
    expect(text).toContain(`<#${OTHER}> — 全部地区`);
    expect(text).toContain('not_in_channel — the bot is not in this channel; invite it with /invite @healthnews');
    expect(answer.text).toContain('1 个上次投递出错');
  });

  it('in a channel without a subscription says how to subscribe', async () => {
    const answer = await command('subscriptions');
    expect(answer.blocks[0].text.text).toContain('没有订阅');
    expect(answer.blocks[0].text.text).toContain('/healthnews subscribe 四川 电子病历 每周');
  });
});
