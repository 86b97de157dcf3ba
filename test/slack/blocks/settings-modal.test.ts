import { describe, expect, it } from 'vitest';
import { CADENCES, cadenceDescription, cadenceLabel } from '../../../src/digest/cadence.ts';
import { PROVINCES } from '../../../src/regions/gazetteer.ts';
import {
  channelFromMetadata,
  editSubscriptionButton,
  EDIT_SUBSCRIPTION_ACTION,
  readSettingsValues,
  regionFromOptionValue,
  regionOptionValue,
  settingsModal,
} from '../../../src/slack/blocks/settings-modal.ts';
import { assertBlockKitLimits, assertNoInjectedMarkup } from '../../helpers/block-kit-limits.ts';

const cadences = CADENCES.map((cadence) => ({ cadence, label: cadenceLabel(cadence), description: cadenceDescription(cadence) }));
const chengdu = { province: '四川', city: '成都', county: null };

describe('settingsModal', () => {
  it('offers every province, keeps a city the channel already has, and pre-fills topics and cadence within Slack\'s limits', () => {
    const view = settingsModal({ channel: 'C0123', current: { regions: [chengdu], topics: ['电子病历', 'his'], cadence: 'workdays' }, provinces: PROVINCES, cadences });
    assertBlockKitLimits(view as never, { surface: 'modal' });
    assertNoInjectedMarkup(view as never, undefined, ['C0123']);
    const [, regions, topics, cadence] = view.blocks as any[];
    expect(regions.element.options).toHaveLength(PROVINCES.length + 1);
    expect(regions.element.initial_options.map((o: any) => o.text.text)).toEqual(['四川 · 成都']);
    expect(topics.element.initial_value).toBe('电子病历 his');
    expect(cadence.element.options.map((o: any) => o.value)).toEqual(['instant', 'daily', 'workdays', 'weekly']);
    expect(cadence.element.initial_option.value).toBe('workdays');
    expect(channelFromMetadata(view.private_metadata)).toBe('C0123');
  });
});

describe('option values and submitted values', () => {
  it('a region survives the round trip through its option value; anything else reads as null', () => {
    expect(regionFromOptionValue(regionOptionValue(chengdu))).toEqual(chengdu);
    expect(['', 'null', '[1,2,3]', '[null,null,null]', '{"a":1}'].map(regionFromOptionValue)).toEqual([null, null, null, null, null]);
    expect(channelFromMetadata('not json')).toBeNull();
  });

  it('reads what Slack sends for the form, and missing fields as empty', () => {
    const values = {
      settings_regions: { regions: { selected_options: [{ value: regionOptionValue(chengdu) }] } },
      settings_topics: { topics: { value: '电子病历' } },
      settings_cadence: { cadence: { selected_option: { value: 'weekly' } } },
    };
    expect(readSettingsValues(values)).toEqual({ regionValues: [regionOptionValue(chengdu)], topicsText: '电子病历', cadence: 'weekly' });
    expect(readSettingsValues(undefined)).toEqual({ regionValues: [], topicsText: '', cadence: null });
  });

  it('each 编辑 button has its own action id, which the listener\'s pattern matches', () => {
    const button = editSubscriptionButton('C0123');
    expect(button.action_id).toBe('subscription_edit:C0123');
    expect(EDIT_SUBSCRIPTION_ACTION.test(button.action_id!)).toBe(true);
    expect(EDIT_SUBSCRIPTION_ACTION.test('subscription_edit:<!channel>')).toBe(false);
  });
});
