// The settings form end to end through Bolt's real HTTP receiver with signed requests: the command
// (or a 编辑 click) opens the modal pre-filled (views.open through nock), a submission with a bad
// topic gets `response_action: errors` on that field and changes nothing, the fixed one is saved
// and confirmed to the person in the channel (chat.postEphemeral).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionService } from '../../../src/digest/subscription-service.ts';
import { openStateDatabase, type StateDatabase } from '../../../src/store/database.ts';
import { SubscriptionStore } from '../../../src/store/subscription-store.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup } from '../../helpers/block-kit-limits.ts';
import { API_ORIGIN, blockNetwork, recordPosts, RESPONSE_ORIGIN, startTestApp, type TestApp } from '../../helpers/slack-harness.ts';
import { blockAction, postToSlackEndpoint, slashCommand, viewSubmission } from '../../helpers/slack-requests.ts';
import { createSqliteStateStore } from '../../../src/store/sqlite-state-store.ts';

const CHANNEL = 'C0PUBLIC1';
const USER = 'U0EDITOR1';

let dataDir: string;
let db: StateDatabase;
let app: TestApp;
let service: SubscriptionService;

beforeAll(() => blockNetwork());
afterAll(() => nock.enableNetConnect());

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'healthnews-settings-'));
  db = openStateDatabase(dataDir);
  service = new SubscriptionService(createSqliteStateStore(db).subscriptions);
  nock(API_ORIGIN)
    .persist()
    .post('/api/conversations.info')
    .reply(200, { ok: true, channel: { id: CHANNEL, is_channel: true, is_private: false, is_member: true } });
  app = await startTestApp({ search: null, subscriptions: service });
});

afterEach(async () => {
  await app.stop();
  db.close();
  nock.cleanAll();
  rmSync(dataDir, { recursive: true, force: true });
});

type View = Record<string, any>;

/** Records views.open; each call of the function returned gives the next modal opened, with its trigger. */
function recordOpenedViews() {
  const opened = recordPosts(API_ORIGIN, '/api/views.open', () => [200, { ok: true, view: { id: 'V0SETTINGS1' } }]);
  return async (): Promise<{ view: View; triggerId: string }> => {
    const body = await opened.next();
    return { view: JSON.parse(body.view as string) as View, triggerId: body.trigger_id as string };
  };
}

function block(view: View, blockId: string): View {
  return view.blocks.find((b: View) => b.block_id === blockId);
}

/** What Slack sends back for the form as filled in: the options picked and the text typed. */
function filledIn(view: View, picks: { regions: string[]; topics: string; cadence: string }) {
  const regionOptions = block(view, 'settings_regions').element.options as View[];
  const cadenceOptions = block(view, 'settings_cadence').element.options as View[];
  return viewSubmission({
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    userId: USER,
    values: {
      settings_regions: { regions: { type: 'multi_static_select', selected_options: picks.regions.map((r) => regionOptions.find((o) => o.text.text === r)) } },
      settings_topics: { topics: { type: 'plain_text_input', value: picks.topics } },
      settings_cadence: { cadence: { type: 'radio_buttons', selected_option: cadenceOptions.find((o) => o.value === picks.cadence) } },
    },
  });
}

describe('the settings form', () => {
  it('opens pre-filled, shows a bad topic on its field without saving, then saves the fixed form and confirms it privately', async () => {
    await service.subscribe(CHANNEL, '四川 电子病历 每周', 'U0FIRST01');
    const opened = recordOpenedViews();
    const ack = await postToSlackEndpoint(
      app.baseUrl,
      slashCommand('settings', { channel_id: CHANNEL, user_id: USER, response_url: `${RESPONSE_ORIGIN}/commands/T0001/settings/secret` }),
    );
    expect(ack.status).toBe(200);
    const { view, triggerId } = await opened();
    expect(triggerId).toBe('13345224609.738474920.8088930838d88f008e0');
    expect(view.type).toBe('modal');
    assertBlockKitLimits(view, { surface: 'modal' });
    assertNoInjectedMarkup(view, undefined, [CHANNEL]);
    const regions = block(view, 'settings_regions').element;
    expect(regions.type).toBe('multi_static_select');
    expect(regions.options).toHaveLength(34);
    expect(regions.initial_options.map((o: View) => o.text.text)).toEqual(['四川']);
    expect(block(view, 'settings_topics').element.initial_value).toBe('电子病历');
    expect(block(view, 'settings_cadence').element.initial_option.value).toBe('weekly');

    // A lone character, a region typed as a topic: shown on the topics field, nothing saved.
    const refused = await postToSlackEndpoint(app.baseUrl, filledIn(view, { regions: ['四川', '广东'], topics: '电子病历 卡 陕西', cadence: 'instant' }));
    expect(refused.status).toBe(200);
    const errors = JSON.parse(refused.body);
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual(['settings_topics']);
    expect(errors.errors.settings_topics).toContain('“卡” 不能作话题');
    expect(errors.errors.settings_topics).toContain('“陕西” 是地区名');
    const unchanged = new SubscriptionStore(db).get(CHANNEL)!;
    expect([unchanged.regions.map((r) => r.label), unchanged.topics, unchanged.cadence]).toEqual([['四川'], ['电子病历'], 'weekly']);

    const confirmations = recordPosts(API_ORIGIN, '/api/chat.postEphemeral', () => [200, { ok: true, message_ts: '1700000000.000200' }]);
    const saved = await postToSlackEndpoint(app.baseUrl, filledIn(view, { regions: ['四川', '广东'], topics: '电子病历 互联网医院', cadence: 'instant' }));
    expect([saved.status, saved.body]).toEqual([200, '']);
    const stored = new SubscriptionStore(db).get(CHANNEL)!;
    expect([stored.regions.map((r) => r.label), stored.topics, stored.cadence, stored.createdBy]).toEqual([['四川', '广东'], ['电子病历', '互联网医院'], 'instant', USER]);
    const confirmation = await confirmations.next();
    expect([confirmation.channel, confirmation.user]).toEqual([CHANNEL, USER]);
    expect(confirmation.text).toBe(`已更新订阅：<#${CHANNEL}> 将收到 四川、广东 · 话题 电子病历、互联网医院 · 即时 的摘要（新文章到达后一分钟内发出，同一分钟到达的合成一条）。`);
  });

  it('a 编辑 button in /healthnews subscriptions opens the form of that channel; a channel not subscribed gets every region, daily', async () => {
    await service.subscribe('C0OTHER01', '广东', 'U0FIRST01');
    const opened = recordOpenedViews();
    const click = await postToSlackEndpoint(app.baseUrl, blockAction({ actionId: 'subscription_edit:C0OTHER01', value: 'C0OTHER01' }));
    expect(click.status).toBe(200);
    const { view } = await opened();
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: 'C0OTHER01' });
    expect(block(view, 'settings_regions').element.initial_options.map((o: View) => o.text.text)).toEqual(['广东']);

    await postToSlackEndpoint(app.baseUrl, slashCommand('设置', { channel_id: CHANNEL, response_url: `${RESPONSE_ORIGIN}/commands/T0001/settings2/secret` }));
    const { view: empty } = await opened();
    expect(block(empty, 'settings_regions').element.initial_options).toBeUndefined();
    expect(block(empty, 'settings_topics').element.initial_value).toBeUndefined();
    expect(block(empty, 'settings_cadence').element.initial_option.value).toBe('daily');
  });

  it('a form whose metadata is not ours is refused on the form, and nothing is saved', async () => {
    const opened = recordOpenedViews();
    await postToSlackEndpoint(app.baseUrl, slashCommand('settings', { channel_id: CHANNEL, response_url: `${RESPONSE_ORIGIN}/commands/T0001/settings3/secret` }));
    const { view } = await opened();
    const tampered = await postToSlackEndpoint(app.baseUrl, filledIn({ ...view, private_metadata: '{"channel":"<!channel>"}' }, { regions: [], topics: '', cadence: 'daily' }));
    expect(JSON.parse(tampered.body).response_action).toBe('errors');
    expect(new SubscriptionStore(db).list()).toEqual([]);
  });
});
