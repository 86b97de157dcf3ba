// Block Kit for the subscription settings form (`/healthnews settings`, the 编辑 buttons): a modal
// with the channel's regions (a searchable multi-select of every province, plus any city or county
// the channel already has), its topics (a text field) and its cadence (radio buttons), pre-filled
// with the current subscription; and the helpers that read a submission's values back. Builder only.
import type { types } from '@slack/bolt';
import type { Region } from '../../regions/region.ts';
import { regionLabel } from '../../regions/region-filter.ts';
import type { Cadence } from '../../store/subscription-store.ts';
import { truncateGraphemes } from './mrkdwn.ts';

/** The view's callback_id, which the view_submission listener matches. */
export const SETTINGS_CALLBACK_ID = 'healthnews_settings';
/**
 * The 编辑 buttons on subscriptions (lists and App Home): `subscription_edit:<channel>`, one id per
 * button since a message may list many; the value is the channel id.
 */
export const EDIT_SUBSCRIPTION_ACTION = /^subscription_edit:[CGD][A-Z0-9]{2,}$/;

/** Block ids of the form's inputs: `response_action: errors` names these. */
export const SETTINGS_BLOCKS = Object.freeze({ regions: 'settings_regions', topics: 'settings_topics', cadence: 'settings_cadence' });
const ACTIONS = Object.freeze({ regions: 'regions', topics: 'topics', cadence: 'cadence' });

/** Slack's limits for a static select's options and an input's text. */
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
export const TOPICS_MAX_LENGTH = 500;

export interface SettingsModalInput {
  channel: string;
  /** The current subscription, or null for a channel not subscribed yet (every region, no topics, daily). */
  current: { regions: readonly Region[]; topics: readonly string[]; cadence: Cadence } | null;
  /** Every province, in the order the select lists them. */
  provinces: readonly string[];
  /** Cadence → label and one line of what arrives when. */
  cadences: readonly { cadence: Cadence; label: string; description: string }[];
}

function plain(text: string, max = OPTION_TEXT): types.PlainTextElement {
  return { type: 'plain_text', text: truncateGraphemes(text, max), emoji: false };
}

/** A region as an option value: its three levels as JSON, so a city shared by two provinces stays itself. */
export function regionOptionValue(region: Region): string {
  return JSON.stringify([region.province, region.city, region.county]);
}

/** The region an option value stands for, or null when the value is not one of ours. */
export function regionFromOptionValue(value: string): Region | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    if (!parsed.every((p) => p === null || typeof p === 'string')) return null;
    const [province, city, county] = parsed as (string | null)[];
    if (!province) return null;
    return { province, city: city ?? null, county: county ?? null };
  } catch {
    return null;
  }
}

function regionOption(region: Region): types.PlainTextOption {
  return { text: plain(regionLabel(region)), value: regionOptionValue(region) };
}

/** What the modal remembers between opening and submitting: the channel it edits. */
export function settingsMetadata(channel: string): string {
  return JSON.stringify({ channel });
}

/** The channel a submitted modal edits, or null when its metadata is not ours. */
export function channelFromMetadata(metadata: string | undefined): string | null {
  try {
    const parsed = JSON.parse(metadata ?? '') as { channel?: unknown };
    return typeof parsed.channel === 'string' ? parsed.channel : null;
  } catch {
    return null;
  }
}

/**
 * The settings modal for one channel, pre-filled with its subscription.
 *
 * @example settingsModal({ channel: 'C0123', current: null, provinces: PROVINCES, cadences }).callback_id // → 'healthnews_settings'
 */
export function settingsModal(input: SettingsModalInput): types.ModalView {
  const current = input.current ?? { regions: [], topics: [], cadence: 'daily' as Cadence };
  const provinceRegions: Region[] = input.provinces.map((province) => ({ province, city: null, county: null }));
  // A city or county subscribed earlier by name is offered too, so pre-filling never drops it.
  const extra = current.regions.filter((r) => r.city !== null || r.county !== null);
  const options = [...extra, ...provinceRegions].slice(0, MAX_OPTIONS).map(regionOption);
  const initial = current.regions.map(regionOption).filter((o) => options.some((opt) => opt.value === o.value));
  const cadenceOptions: types.RadioButtons['options'] = input.cadences.map((c) => ({
    text: { type: 'plain_text', text: c.label, emoji: false },
    description: { type: 'plain_text', text: truncateGraphemes(c.description, OPTION_TEXT), emoji: false },
    value: c.cadence,
  }));
  const initialCadence = cadenceOptions.find((o) => o.value === current.cadence);
  return {
    type: 'modal',
    callback_id: SETTINGS_CALLBACK_ID,
    private_metadata: settingsMetadata(input.channel),
    title: plain('摘要订阅设置', 24),
    submit: plain('保存', 24),
    close: plain('取消', 24),
    blocks: [
      {
        type: 'context',
        // The channel link is ours (an id checked by the caller); nothing typed by a user goes here.
        elements: [{ type: 'mrkdwn', text: `频道 <#${input.channel}> 的摘要：选地区、写话题、定频率。`, verbatim: true }],
      },
      {
        type: 'input',
        block_id: SETTINGS_BLOCKS.regions,
        optional: true,
        label: plain('地区（不选 = 全部地区）'),
        hint: plain('可以输入省名搜索。城市和区县用 /healthnews subscribe 成都 订阅。', 150),
        element: {
          type: 'multi_static_select',
          action_id: ACTIONS.regions,
          placeholder: plain('选择省份'),
          options,
          ...(initial.length > 0 ? { initial_options: initial } : {}),
        },
      },
      {
        type: 'input',
        block_id: SETTINGS_BLOCKS.topics,
        optional: true,
        label: plain('话题（不写 = 这些地区的全部文章）'),
        hint: plain('用空格分开，例如：电子病历 互联网医院。文章标题或摘要里出现其中一个就会收到。', 150),
        element: {
          type: 'plain_text_input',
          action_id: ACTIONS.topics,
          max_length: TOPICS_MAX_LENGTH,
          placeholder: plain('电子病历 互联网医院'),
          ...(current.topics.length > 0 ? { initial_value: current.topics.join(' ') } : {}),
        },
      },
      {
        type: 'input',
        block_id: SETTINGS_BLOCKS.cadence,
        label: plain('频率'),
        element: {
          type: 'radio_buttons',
          action_id: ACTIONS.cadence,
          options: cadenceOptions,
          ...(initialCadence ? { initial_option: initialCadence } : {}),
        },
      },
    ],
  };
}

/** The parts of `view.state.values` the form reads, each possibly missing in a damaged payload. */
type ViewStateValues = Record<string, Record<string, { selected_options?: { value?: string }[] | null; value?: string | null; selected_option?: { value?: string } | null }>>;

/**
 * A submitted form's raw values: the region option values picked, the topics text and the
 * cadence picked. Missing fields read as empty.
 */
export function readSettingsValues(values: unknown): { regionValues: string[]; topicsText: string; cadence: string | null } {
  const state = (values && typeof values === 'object' ? values : {}) as ViewStateValues;
  const regions = state[SETTINGS_BLOCKS.regions]?.[ACTIONS.regions]?.selected_options ?? [];
  const topics = state[SETTINGS_BLOCKS.topics]?.[ACTIONS.topics]?.value ?? '';
  const cadence = state[SETTINGS_BLOCKS.cadence]?.[ACTIONS.cadence]?.selected_option?.value ?? null;
  return {
    regionValues: regions.map((o) => o?.value).filter((v): v is string => typeof v === 'string'),
    topicsText: typeof topics === 'string' ? topics : '',
    cadence: typeof cadence === 'string' ? cadence : null,
  };
}

/** The 编辑 button for one channel's subscription. */
export function editSubscriptionButton(channel: string): types.Button {
  return { type: 'button', action_id: `subscription_edit:${channel}`, text: plain('编辑'), value: channel };
}
