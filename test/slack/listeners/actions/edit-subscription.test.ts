// The 编辑 callback called directly with Bolt's argument types (fake ack, respond, client); the
// signed-request round trip is in test/slack/integration/settings-form.test.ts.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { staleButtonNotice } from '../../../../src/slack/blocks/notices.ts';
import { channelFromMetadata } from '../../../../src/slack/blocks/settings-modal.ts';
import { editSubscription } from '../../../../src/slack/listeners/actions/edit-subscription.ts';
import { fakeBolt } from '../../../helpers/listener-args.ts';
import { testSlackDeps } from '../../../helpers/slack-harness.ts';

async function click(value: string, body: Record<string, unknown> = { trigger_id: '1337.42.abc', response_url: 'https://hooks.slack.test/r/1' }) {
  const fake = fakeBolt();
  const deps = testSlackDeps();
  deps.subscriptions.subscribe('C0HEALTH', '四川 电子病历 weekly', 'U1');
  const action = { type: 'button', action_id: `subscription_edit:${value}`, value };
  await editSubscription(deps)({ ...fake.common, ack: fake.ack, respond: fake.respond, action, body, payload: action } as unknown as AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>);
  return fake;
}

describe('编辑 listener', () => {
  it('opens the settings form for the channel, filled with its subscription', async () => {
    const fake = await click('C0HEALTH');
    expect(fake.ack).toHaveBeenCalledOnce();
    const [call] = fake.calls;
    expect(call!.method).toBe('views.open');
    expect(call!.args.trigger_id).toBe('1337.42.abc');
    expect(channelFromMetadata(call!.args.view.private_metadata)).toBe('C0HEALTH');
    const form = JSON.stringify(call!.args.view.blocks);
    expect(form).toContain('电子病历');
    expect(form).toContain('四川');
  });

  it('tells the clicker to retry when the button is damaged, and only logs when there is no reply address (App Home)', async () => {
    const damaged = await click('not a channel');
    expect(damaged.calls).toEqual([]);
    expect(damaged.responded).toEqual([{ response_type: 'ephemeral', replace_original: false, ...staleButtonNotice() }]);
    const fromHome = await click('C0HEALTH', {});
    expect(fromHome.calls).toEqual([]);
    expect(fromHome.responded).toEqual([]);
    expect(fromHome.logs.some((l) => l.startsWith('WARN 编辑 clicked with no trigger_id'))).toBe(true);
  });
});
