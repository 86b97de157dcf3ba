// The Slack side and the digest together: channels subscribe with the real slash command (signed
// requests to Bolt's receiver), and the digest service built as main.ts builds it delivers to
// exactly those channels, each its own regions, once — then only what is new, and nothing to a
// channel that unsubscribed. A delivery error shows up in `/healthnews subscriptions`.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestService, type DigestService } from '../../src/digest/digest-service.ts';
import { createLogger } from '../../src/log.ts';
import type { Article } from '../../src/pages/article.ts';
import { digestMessages } from '../../src/slack/blocks/digest-blocks.ts';
import type { SlackMessage } from '../../src/slack/blocks/message.ts';
import { DigestPoster } from '../../src/slack/post-digest.ts';
import { createSqliteStateStore } from '../../src/store/sqlite-state-store.ts';
import { openStateDatabase, type StateDatabase } from '../../src/store/database.ts';
import { API_ORIGIN as APP_API_ORIGIN, blockNetwork, recordPosts, RESPONSE_ORIGIN, startTestApp, type TestApp } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../helpers/slack-requests.ts';
import { article, region } from './articles.ts';
import { assertBlockKitLimits } from '../helpers/block-kit-limits.ts';
import { startWebApiStandIn, type StandIn, type StoredMessage } from '../helpers/web-api-stand-in.ts';
import { digestTestClient } from '../helpers/web-api-stand-in-tests.ts';

const SICHUAN = 'C0SICHUAN';
const EVERYTHING = 'C0ALLNEWS';

let db: StateDatabase;
let articles: Article[];
let digest: DigestService<SlackMessage>;
let app: TestApp;
let slack: StandIn;
let urls = 0;

async function command(text: string, channel: string): Promise<Record<string, any>> {
  const replyPath = `/commands/T0001/wiring${urls++}/secret`;
  const replies = recordPosts(RESPONSE_ORIGIN, replyPath);
  const ack = await postToSlackEndpoint(app.baseUrl, slashCommand(text, { channel_id: channel, response_url: `${RESPONSE_ORIGIN}${replyPath}` }));
  expect(ack.status).toBe(200);
  return replies.next();
}

/** What a channel's top-level digests list, one string per message: every section's text. */
function digestTexts(channel: string): string[] {
  return slack.topLevel(channel).map((m: StoredMessage) => {
    const thread = slack.posts(channel).filter((r) => r.thread_ts === m.ts);
    return [m, ...thread].flatMap((x) => x.blocks.filter((b: any) => b.type === 'section').map((b: any) => b.text.text as string)).join('\n');
  });
}

beforeEach(async () => {
  blockNetwork();
  db = openStateDatabase(':memory:');
  articles = [
    article('四川推进居民健康卡', '2014-11-06', region('四川')),
    article('成都互联网医院上线', '2014-11-06', region('四川', '成都')),
    article('广东远程医疗平台', '2014-11-06', region('广东')),
    article('陕西旧闻', '2014-10-01', region('陕西')),
  ];
  slack = await startWebApiStandIn();
  const logger = createLogger('error', () => undefined);
  digest = await createDigestService({
    config: { digest: { cron: '0 9 * * *', timezone: 'Asia/Shanghai', graceHours: 12, channels: [] } },
    store: createSqliteStateStore(db),
    articles: () => articles,
    render: digestMessages,
    poster: new DigestPoster(digestTestClient(slack), { sleep: async () => undefined }),
    logger,
  });
  nock(APP_API_ORIGIN)
    .persist()
    .post('/api/conversations.info')
    .reply((_uri, body) => [200, { ok: true, channel: { id: new URLSearchParams(String(body)).get('channel'), is_private: false, is_member: true } }]);
  app = await startTestApp({ search: null, subscriptions: digest.subscriptions });
});

afterEach(async () => {
  await app.stop();
  db.close();
  nock.cleanAll();
});

describe('subscribing by slash command, then the digest', () => {
  it('posts each subscribed channel one digest of its regions, then nothing, then only what is new', async () => {
    expect((await command('subscribe 四川', SICHUAN)).text).toMatch(/^已订阅/);
    expect((await command('subscribe', EVERYTHING)).text).toMatch(/^已订阅/);

    const first = await digest.runNow(new Date('2024-05-01T01:00:00Z'));
    expect(first.channels.map((c) => [c.channel, c.outcome, c.articles])).toEqual(
      expect.arrayContaining([
        [SICHUAN, 'sent', 2],
        [EVERYTHING, 'sent', 3],
      ]),
    );
    for (const m of slack.posts()) assertBlockKitLimits(m);
    expect(slack.topLevel(SICHUAN)).toHaveLength(1);
    const [sichuanDigest] = digestTexts(SICHUAN);
    expect(sichuanDigest).toContain('四川推进居民健康卡');
    expect(sichuanDigest).toContain('成都互联网医院上线');
    expect(sichuanDigest).not.toContain('广东远程医疗平台');
    // A first digest covers the newest day only, not the archive.
    expect(digestTexts(EVERYTHING)[0]).not.toContain('陕西旧闻');

    const second = await digest.runNow(new Date('2024-05-01T01:05:00Z'));
    expect(second.channels.every((c) => c.outcome === 'empty')).toBe(true);
    expect(slack.topLevel()).toHaveLength(2);

    articles = [article('四川新发布的文章', '2014-11-07', region('四川')), article('广东新发布的文章', '2014-11-07', region('广东')), ...articles];
    await digest.runNow(new Date('2024-05-02T01:00:00Z'));
    expect(digestTexts(SICHUAN)[1]).toContain('四川新发布的文章');
    expect(digestTexts(SICHUAN)[1]).not.toContain('四川推进居民健康卡');
    expect(digestTexts(SICHUAN)[1]).not.toContain('广东新发布的文章');
    expect(digestTexts(EVERYTHING)[1]).toContain('广东新发布的文章');
  });

  it('stops posting to a channel that unsubscribed by command', async () => {
    await command('subscribe 四川', SICHUAN);
    await command('subscribe', EVERYTHING);
    await digest.runNow(new Date('2024-05-01T01:00:00Z'));
    expect((await command('unsubscribe', EVERYTHING)).text).toMatch(/^已取消订阅/);

    articles = [article('四川又一篇', '2014-11-08', region('四川')), ...articles];
    const report = await digest.runNow(new Date('2024-05-02T01:00:00Z'));
    expect(report.channels.map((c) => c.channel)).toEqual([SICHUAN]);
    expect(slack.topLevel(EVERYTHING)).toHaveLength(1);
    expect(slack.topLevel(SICHUAN)).toHaveLength(2);
  });

  it('shows a channel whose delivery failed, with the fix, in /healthnews subscriptions', async () => {
    await command('subscribe 四川', SICHUAN);
    await command('subscribe', EVERYTHING);
    slack.channelErrors.set(SICHUAN, 'not_in_channel');
    await digest.runNow(new Date('2024-05-01T01:00:00Z'));
    const list = await command('subscriptions', EVERYTHING);
    const text = JSON.stringify(list.blocks);
    expect(list.blocks[0].text.text).toContain(`<#${EVERYTHING}>`);
    expect(text).toContain('not_in_channel');
    expect(text).toContain('/invite @healthnews');
    expect(list.text).toContain('1 个上次投递出错');
  });
});
