// The app_home_opened callback called directly with Bolt's argument types (fake client), as the
// Bolt starter template tests its listeners; the signed-request path is in test/slack/integration/app-home.test.ts.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../../src/pages/article.ts';
import { appHomeOpened } from '../../../../src/slack/listeners/events/app-home-opened.ts';
import { fakeBolt } from '../../../helpers/listener-args.ts';
import { testSlackDeps } from '../../../helpers/slack-harness.ts';
import { slackFixture } from '../../../helpers/slack-requests.ts';

const article: Article = {
  id: 'a1', title: '四川省居民健康卡发卡突破千万张', date: '2014-10-20', summary: '……', section: '地方新闻',
  region: { province: '四川', city: null, county: null }, source: { file: 'page-1.txt', line: 3 },
};

async function open(event: Record<string, unknown>) {
  const fake = fakeBolt();
  const deps = testSlackDeps({ latestArticles: () => [article] });
  await deps.subscriptions.subscribe('C0HEALTH', '四川', 'U2147483697');
  const body = slackFixture<Record<string, any>>('app-home-opened.json');
  Object.assign(body.event, event);
  for (const [key, value] of Object.entries(event)) if (value === undefined) delete body.event[key];
  await appHomeOpened(deps)({ ...fake.common, event: body.event, body, payload: body.event, say: fake.say } as unknown as AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>);
  return fake;
}

describe('app_home_opened listener', () => {
  it('publishes the Home tab for the user, with every channel\'s subscription and the latest news', async () => {
    const fake = await open({ tab: 'home' });
    expect(fake.calls.map((c) => c.method)).toEqual(['views.publish']);
    const { user_id, view } = fake.calls[0]!.args;
    expect(user_id).toBe(slackFixture<Record<string, any>>('app-home-opened.json').event.user);
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('C0HEALTH');
    expect(JSON.stringify(view.blocks)).toContain('四川省居民健康卡发卡突破千万张');
  });

  it('leaves the Messages tab alone', async () => {
    expect((await open({ tab: 'messages' })).calls).toEqual([]);
  });

  it('ignores, with a WARN, an event that names no user', async () => {
    const fake = await open({ tab: 'home', user: undefined });
    expect(fake.calls).toEqual([]);
    expect(fake.logs).toContain('WARN app_home_opened names no user to publish the Home tab for; ignored');
  });
});
