// The settings form's view_submission callback called directly with Bolt's argument types; the
// signed-request round trip is in test/slack/integration/settings-form.test.ts.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { regionOptionValue, SETTINGS_BLOCKS, settingsMetadata } from '../../../../src/slack/blocks/settings-modal.ts';
import { settingsSubmission } from '../../../../src/slack/listeners/views/settings-submission.ts';
import { fakeBolt, webApiError, type FakeBoltOptions } from '../../../helpers/listener-args.ts';
import { testSlackDeps } from '../../../helpers/slack-harness.ts';

function values(regions: string[], topics: string, cadence: string | null) {
  return {
    [SETTINGS_BLOCKS.regions]: { regions: { selected_options: regions.map((p) => ({ value: regionOptionValue({ province: p, city: null, county: null }) })) } },
    [SETTINGS_BLOCKS.topics]: { topics: { value: topics } },
    [SETTINGS_BLOCKS.cadence]: { cadence: { selected_option: cadence ? { value: cadence } : null } },
  };
}

async function submit(metadata: string, state: Record<string, unknown>, options: FakeBoltOptions = {}) {
  const fake = fakeBolt(options);
  const deps = testSlackDeps();
  const view = { callback_id: 'healthnews_settings', private_metadata: metadata, state: { values: state } };
  const body = { type: 'view_submission', user: { id: 'U2147483697' }, view };
  await settingsSubmission(deps)({ ...fake.common, ack: fake.ack, view, body, payload: view } as unknown as AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>);
  return { fake, saved: await deps.subscriptions.get('C0HEALTH') };
}

describe('settings form submission listener', () => {
  it('saves a valid form and confirms it to the person, in the channel, ephemerally', async () => {
    const { fake, saved } = await submit(settingsMetadata('C0HEALTH'), values(['四川', '广东'], '电子病历 互联网医院', 'weekly'));
    expect(fake.ack).toHaveBeenCalledWith();
    expect(saved).toMatchObject({ topics: ['电子病历', '互联网医院'], cadence: 'weekly' });
    expect(saved!.regions.map((r) => r.province)).toEqual(['四川', '广东']);
    const [confirm] = fake.calls;
    expect(confirm!.method).toBe('chat.postEphemeral');
    expect(confirm!.args).toMatchObject({ channel: 'C0HEALTH', user: 'U2147483697' });
  });

  it('shows a bad topic on its field and saves nothing', async () => {
    const { fake, saved } = await submit(settingsMetadata('C0HEALTH'), values(['四川'], '的', 'daily'));
    const [response] = fake.ack.mock.calls[0]!;
    expect(response.response_action).toBe('errors');
    expect(Object.keys(response.errors)).toEqual([SETTINGS_BLOCKS.topics]);
    expect(saved).toBeNull();
    expect(fake.calls).toEqual([]);
  });

  it('calls a form whose metadata is not ours expired, on the form', async () => {
    const { fake, saved } = await submit('{"nope":1}', values(['四川'], '', 'daily'));
    expect(fake.ack.mock.calls[0]![0]).toMatchObject({ response_action: 'errors', errors: { [SETTINGS_BLOCKS.cadence]: expect.stringContaining('过期') } });
    expect(saved).toBeNull();
  });

  it('keeps the saved settings when only the confirmation fails, and logs it', async () => {
    const { fake, saved } = await submit(settingsMetadata('C0HEALTH'), values([], '电子病历', 'instant'), {
      api: { 'chat.postEphemeral': () => { throw webApiError('channel_not_found'); } },
    });
    expect(saved).toMatchObject({ topics: ['电子病历'], cadence: 'instant' });
    expect(fake.logs.some((l) => l.startsWith('WARN settings for C0HEALTH saved, but the confirmation') && l.includes('channel_not_found'))).toBe(true);
  });
});
