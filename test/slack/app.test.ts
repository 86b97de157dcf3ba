// The app end to end: Bolt's real HTTP receiver on a free port, requests signed as Slack signs
// them, every outbound call (Web API through SLACK_API_URL, response_url) intercepted by nock.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { readPages } from '../../src/pages/read-pages.ts';
import type { NewsSearch } from '../../src/search/search-types.ts';
import { ACTION_IDS } from '../../src/slack/blocks/search-results.ts';
import { decodeResultsValue, MAX_BUTTON_VALUE } from '../../src/slack/blocks/results-value.ts';
import { MAX_QUERY_GRAPHEMES } from '../../src/search/query-text.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup, boldRuns, mrkdwnTexts, richTexts } from '../helpers/block-kit-limits.ts';
import { SEEDS_DIR } from '../helpers/paths.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { blockNetwork, recordPostMessage, recordPosts, RESPONSE_ORIGIN, settle, startTestApp, type TestApp } from '../helpers/slack-harness.ts';
import { appMention, blockAction, postFromAnotherProcess, postToSlackEndpoint, slackFixture, slashCommand, SIGNING_SECRET } from '../helpers/slack-requests.ts';

type Message = Record<string, any>;

let index: NewsSearch;
let articles: Article[];
let app: TestApp;
let urlCount = 0;

/** A fresh response_url per request, so one test's replies never satisfy another's wait. */
function responseUrl(kind: 'commands' | 'actions' = 'commands') {
  const path = `/${kind}/T0001/${Date.now()}${urlCount++}/secret`;
  return { url: `${RESPONSE_ORIGIN}${path}`, replies: recordPosts(RESPONSE_ORIGIN, path) };
}

/** Runs `/healthnews text`, checks the ack, and returns the answer sent to the response_url. */
async function command(text: string): Promise<Message> {
  const { url, replies } = responseUrl();
  const ack = await postToSlackEndpoint(app.baseUrl, slashCommand(text, { response_url: url }));
  expect(ack.status).toBe(200);
  expect(ack.ms).toBeLessThan(3000);
  const answer = await replies.next();
  assertBlockKitLimits(answer);
  return answer;
}

/** Clicks a button of `message` (found by action id) and returns what went to the click's response_url. */
async function click(message: Message, actionId: string, options: { ephemeral?: boolean } = {}): Promise<Message> {
  const button = buttons(message).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no button ${actionId} in the message`);
  const { url, replies } = responseUrl('actions');
  const ack = await postToSlackEndpoint(app.baseUrl, blockAction({ actionId, value: button.value, responseUrl: url, ...options }));
  expect(ack.status).toBe(200);
  const reply = await replies.next();
  if (!reply.delete_original) assertBlockKitLimits(reply);
  return reply;
}

function buttons(message: Message): Message[] {
  return (message.blocks as Message[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Message[]);
}

/** Titles on the cards, in order: the first bold run of each card's rich_text block. */
function cardTitles(message: Message): string[] {
  return boldRuns(message).map((runs) => runs[0]!);
}

beforeAll(async () => {
  index = await seedIndex();
  articles = (await readPages([SEEDS_DIR])).articles;
  blockNetwork();
});

beforeEach(async () => {
  app = await startTestApp({ search: index });
});

afterEach(async () => {
  await app.stop();
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('/healthnews <query>', () => {
  it('answers 四川 privately with a card for every Sichuan seed article', async () => {
    const sichuan = articles.filter((a) => a.region.province === '四川');
    expect(sichuan).toHaveLength(4);
    const answer = await command('四川');
    expect(answer.response_type).toBe('ephemeral');
    expect(cardTitles(answer).sort()).toEqual(sichuan.map((a) => a.title).sort());
    expect(answer.blocks[0].text.text).toContain('地区：四川');
    expect(answer.blocks[0].text.text).toContain('共找到 4 条');
    expect(JSON.stringify(answer.blocks)).toContain('四川 · ');
    expect(buttons(answer).map((b) => b.action_id)).toEqual([ACTION_IDS.share]);
    assertNoInjectedMarkup(answer);
  });

  it('bolds the matched term as a rich-text style, the Chinese around it unchanged', async () => {
    const answer = await command('居民健康卡');
    const withTerm = articles.filter((a) => a.summary.includes('居民健康卡'));
    expect(withTerm.length).toBeGreaterThan(0);
    // Each card's snippet reads exactly as the article wrote it: no spaces pushed in around the bold.
    const texts = richTexts(answer);
    expect(texts.some((text) => withTerm.some((a) => text.includes(a.summary.slice(0, 20))))).toBe(true);
    expect(texts.join('\n')).not.toMatch(/ 居民健康卡 |\*居民健康卡\*/);
    expect(boldRuns(answer).some((runs) => runs.slice(1).includes('居民健康卡'))).toBe(true);
  });

  it('pages through the rest in place with Next and Previous', async () => {
    const total = index.search('健康', { limit: 1 }).total;
    expect(total).toBeGreaterThan(5);
    const first = await command('健康');
    expect(cardTitles(first)).toHaveLength(5);
    expect(buttons(first).map((b) => b.action_id)).toEqual([ACTION_IDS.next, ACTION_IDS.share]);

    const second = await click(first, ACTION_IDS.next);
    expect(second.replace_original).toBe(true);
    expect(second.response_type).toBe('ephemeral');
    assertBlockKitLimits(second);
    expect(second.blocks[0].text.text).toContain(`共找到 ${total} 条新闻，这是第 6–${Math.min(10, total)} 条`);
    expect(cardTitles(second).some((t) => cardTitles(first).includes(t))).toBe(false);
    expect(buttons(second)[0]?.action_id).toBe(ACTION_IDS.previous);

    const back = await click(second, ACTION_IDS.previous);
    expect(cardTitles(back)).toEqual(cardTitles(first));
  });

  it('shares the same cards to the channel, saying who shared them, then removes the private copy', async () => {
    const posted = recordPostMessage();
    const answer = await command('四川');
    const afterClick = await click(answer, ACTION_IDS.share);
    const shared = await posted.next();
    expect(shared.channel).toBe('C2147483705');
    expect(shared.unfurl_links).toBe('false');
    expect(shared.unfurl_media).toBe('false');
    expect(shared.link_names).toBeUndefined();
    expect(shared.blocks[0].text.text).toBe('<@U2147483697> 分享了这些新闻：');
    expect(cardTitles(shared)).toEqual(cardTitles(answer));
    expect(buttons(shared)).toEqual([]);
    assertBlockKitLimits(shared);
    assertNoInjectedMarkup(shared, 'U2147483697');
    expect(afterClick).toEqual({ delete_original: true });
  });

  it('tells the user to invite the bot when it cannot post in the channel', async () => {
    const posted = recordPostMessage(() => ({ ok: false, error: 'not_in_channel' }));
    const answer = await command('四川');
    const reply = await click(answer, ACTION_IDS.share);
    await posted.next();
    expect(reply.replace_original).toBe(false);
    expect(reply.text).toContain('/invite @healthnews');
  });

  it.each(['', 'help', 'HELP', '帮助'])('shows usage with examples for %j', async (text) => {
    const answer = await command(text);
    expect(answer.response_type).toBe('ephemeral');
    const shown = mrkdwnTexts(answer).join('\n');
    expect(shown).toContain('/healthnews 四川');
    expect(shown).toContain('/healthnews 陕西 居民健康卡');
  });

  it('searches for words that only look like subcommands', async () => {
    const answer = await command('constructor');
    expect(answer.text).toContain('没有找到');
  });

  it('offers suggestions as buttons when nothing matches, and a click searches for one', async () => {
    const answer = await command('四川 区块链');
    expect(answer.text).toContain('没有找到和「四川 区块链」有关的新闻');
    const suggestion = buttons(answer).find((b) => decodeResultsValue(b.value)?.query === '四川');
    expect(suggestion, 'a 四川 suggestion button').toBeDefined();
    const replaced = await click(answer, suggestion!.action_id);
    expect(replaced.replace_original).toBe(true);
    expect(cardTitles(replaced)).toHaveLength(4);
  });

  it('gives a helpful empty state even without suggestions', async () => {
    const answer = await command('zzqqxx');
    const shown = mrkdwnTexts(answer).join('\n');
    expect(shown).toContain('没有找到');
    expect(shown).toContain('/healthnews help');
  });

  it('says the articles are still loading instead of failing', async () => {
    app.setSearch(null);
    const answer = await command('四川');
    expect(answer.text).toContain('还在加载');
  });
});

describe('untrusted input', () => {
  it('escapes mentions, links and ampersands in the query wherever it is echoed', async () => {
    const answer = await command('<!channel> <@U123> <https://evil.example|ok> & 四川 区块链');
    assertNoInjectedMarkup(answer);
    expect(answer.text).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|ok&gt; &amp;');
  });

  it('answers a 10 KB query in time, shortened, with button values within 2000 characters', async () => {
    const answer = await command('健康'.repeat(5000));
    expect(mrkdwnTexts(answer).join('\n')).toContain(`只按前 ${MAX_QUERY_GRAPHEMES} 个字搜索`);
    for (const b of buttons(answer)) expect(b.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    assertNoInjectedMarkup(answer);
  });

  it.each([
    ['emoji', '👩‍⚕️🏥 四川'],
    ['zero-width and control characters', '\u200B\u0000四\u202E川\u0007'],
    ['mrkdwn', '*四川* _x_ ~y~ `z` > q'],
    ['10 KB of mrkdwn and mentions', '<!here>*&'.repeat(1200)],
  ])('gives a proper answer to a query of %s', async (_name, text) => {
    const answer = await command(text);
    assertNoInjectedMarkup(answer);
    expect(answer.blocks.length).toBeGreaterThan(0);
  });

  it('acknowledges within 3 seconds even when the search is slow', async () => {
    let searchEndedAt = 0;
    const slow: NewsSearch = {
      all: () => index.all(),
      size: index.size,
      search: (query, options) => {
        // A search holding the event loop: blocks the thread (without spinning a core other tests
        // need) well past the time the ack needs; the ack must have arrived before it ends.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_200);
        searchEndedAt = Date.now();
        return index.search(query, options);
      },
    };
    app.setSearch(slow);
    const { url, replies } = responseUrl();
    const ack = await postFromAnotherProcess(app.baseUrl, slashCommand('四川', { response_url: url }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1000);
    expect(cardTitles(await replies.next(10_000))).toHaveLength(4);
    expect(ack.receivedAt).toBeLessThan(searchEndedAt);
  });
});

describe('request verification', () => {
  function spyOnSearch(): { calls: number } {
    const counter = { calls: 0 };
    app.setSearch({
      all: () => index.all(),
      size: index.size,
      search: (q, o) => {
        counter.calls += 1;
        return index.search(q, o);
      },
    });
    return counter;
  }

  it('refuses a request signed with another secret before any handler runs', async () => {
    const counter = spyOnSearch();
    const { url, replies } = responseUrl();
    const result = await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: url }), { secret: 'not-the-secret' });
    expect(result.status).toBe(401);
    await settle();
    expect(replies.all).toEqual([]);
    expect(counter.calls).toBe(0);
    expect(app.logs.join('\n')).not.toContain(SIGNING_SECRET);
  });

  it('refuses a correctly signed but stale request (6 minutes old)', async () => {
    const counter = spyOnSearch();
    const { url, replies } = responseUrl();
    const result = await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: url }), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(result.status).toBe(401);
    await settle();
    expect(replies.all).toEqual([]);
    expect(counter.calls).toBe(0);
  });

  it.each([
    ['10 minutes', 600],
    ['a day', 86_400],
  ])('refuses a correctly signed request with a timestamp %s in the future', async (_label, seconds) => {
    const counter = spyOnSearch();
    const { url, replies } = responseUrl();
    const result = await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: url }), {
      timestamp: Math.floor(Date.now() / 1000) + seconds,
    });
    expect(result.status).toBe(401);
    await settle();
    expect(replies.all).toEqual([]);
    expect(counter.calls).toBe(0);
    expect(app.logs.join('\n')).toMatch(/ WARN .*X-Slack-Request-Timestamp is \d+ s in the future/);
  });

  it('still answers a request signed 4 minutes ahead (clocks drift)', async () => {
    const { url, replies } = responseUrl();
    const result = await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: url }), {
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(result.status).toBe(200);
    expect((await replies.next()).response_type).toBe('ephemeral');
  });

  it('shows Bolt\'s own DEBUG lines at LOG_LEVEL=debug (Bolt no longer resets it to INFO), with no verification token or response_url', async () => {
    const { url, replies } = responseUrl();
    await postToSlackEndpoint(app.baseUrl, slashCommand('四川', { response_url: url }));
    await replies.next();
    const logs = app.logs.join('\n');
    expect(logs).toMatch(/ DEBUG .*ack\(\) call begins/);
    expect(logs).not.toContain(slackFixture<{ token: string }>('slash-command.json').token);
    expect(logs).not.toContain(new URL(url).pathname);
  });

  it('refuses a forged mention and a forged button click', async () => {
    const counter = spyOnSearch();
    const posted = recordPostMessage();
    const forged = { signature: 'v0=' + '0'.repeat(64) };
    expect((await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT> 四川', eventId: 'EvForged' }), forged)).status).toBe(401);
    expect((await postToSlackEndpoint(app.baseUrl, blockAction({ actionId: ACTION_IDS.share, value: '{"q":"四川","o":0}' }), forged)).status).toBe(401);
    await settle();
    expect(posted.all).toEqual([]);
    expect(counter.calls).toBe(0);
  });
});

describe('@healthnews mentions', () => {
  it('answers in the thread of the question with the cards', async () => {
    const posted = recordPostMessage();
    const ack = await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT> 四川', eventId: 'EvThread1', ts: '1700000001.000200' }));
    expect(ack.status).toBe(200);
    const reply = await posted.next();
    expect(reply.channel).toBe('C2147483705');
    expect(reply.thread_ts).toBe('1700000001.000200');
    expect(reply.unfurl_links).toBe('false');
    expect(reply.link_names).toBeUndefined();
    expect(cardTitles(reply)).toHaveLength(4);
    expect(buttons(reply).map((b) => b.action_id)).not.toContain(ACTION_IDS.share);
    assertBlockKitLimits(reply);
    assertNoInjectedMarkup(reply);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const posted = recordPostMessage();
    await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT> 陕西 健康卡', eventId: 'EvThread2', ts: '1700000009.000900', threadTs: '1700000001.000100' }));
    const reply = await posted.next();
    expect(reply.thread_ts).toBe('1700000001.000100');
    expect(reply.text).toContain('陕西');
  });

  it('answers a retried event once', async () => {
    const posted = recordPostMessage();
    const mention = appMention({ text: '<@U0BOT> 四川', eventId: 'EvRetried' });
    await postToSlackEndpoint(app.baseUrl, mention);
    await posted.next();
    for (const retry of ['1', '2']) {
      const result = await postToSlackEndpoint(app.baseUrl, mention, { headers: { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' } });
      expect(result.status).toBe(200);
    }
    await settle(500);
    expect(posted.all).toHaveLength(1);
  });

  it('shows usage in the thread for a bare mention', async () => {
    const posted = recordPostMessage();
    await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT>', eventId: 'EvBare' }));
    const reply = await posted.next();
    expect(mrkdwnTexts(reply).join('\n')).toContain('@healthnews');
    assertBlockKitLimits(reply);
  });

  it('pages an answer in a thread in place, without a Share button', async () => {
    const posted = recordPostMessage();
    await postToSlackEndpoint(app.baseUrl, appMention({ text: '<@U0BOT> 健康', eventId: 'EvPaging' }));
    const reply = await posted.next();
    const next = await click(reply, ACTION_IDS.next, { ephemeral: false });
    expect(next.replace_original).toBe(true);
    expect(next.response_type).toBeUndefined();
    expect(buttons(next).map((b) => b.action_id)).not.toContain(ACTION_IDS.share);
    assertBlockKitLimits(next);
  });
});

describe('GET /healthz', () => {
  it('answers 200 once the articles are indexed and 503 before', async () => {
    const ready = await fetch(`${app.baseUrl}/healthz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, articles: index.all().length });
    app.setSearch(null);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503);
  });
});

describe('GET /readyz', () => {
  it('answers 200 when indexed and listening, 503 with the reason while indexing', async () => {
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, articles: index.all().length, mode: 'http' });
    app.setSearch(null);
    const loading = await fetch(`${app.baseUrl}/readyz`);
    expect(loading.status).toBe(503);
    expect(await loading.json()).toEqual({ ok: false, reason: 'indexing the articles' });
  });
});
