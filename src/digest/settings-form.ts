// Reads what the settings form (the Slack modal of `/healthnews settings`) submitted into a
// subscription, or into one message per field saying what is wrong there. Knows no Block Kit:
// the Slack side decodes the form's values into this input and shows the errors on its fields. Pure.
import { toRegionFilter, type RegionFilter } from '../regions/region-filter.ts';
import type { Region } from '../regions/region.ts';
import type { Cadence } from '../store/subscription-store.ts';
import { CADENCES } from './cadence.ts';
import { classifySubscriptionWord, outermostRegions, sameFilter, SEPARATORS } from './subscriptions.ts';

/** More topics than this in one subscription is a paste gone wrong, not a subscription. */
export const MAX_TOPICS = 20;

export interface SettingsFormInput {
  /** The regions picked; null for a value the form could not decode (a stale or tampered form). */
  regions: readonly (Region | null)[];
  /** The topics field as typed. */
  topicsText: string;
  /** The cadence picked (`daily`…), or null when none is. */
  cadence: string | null;
}

export type SettingsField = 'regions' | 'topics' | 'cadence';

export type SettingsFormResult =
  | { ok: true; settings: { regions: RegionFilter[]; topics: string[]; cadence: Cadence } }
  | { ok: false; errors: Partial<Record<SettingsField, string>> };

function quoted(words: readonly string[]): string {
  return words.slice(0, 10).map((w) => `“${w}”`).join('、') + (words.length > 10 ? ` 等 ${words.length} 个` : '');
}

/**
 * Validates a submitted settings form. Every field's problem is reported at once, in words for the
 * person who filled it in; nothing is saved unless all fields are fine.
 *
 * @example readSettingsForm({ regions: [{ province: '四川', city: null, county: null }], topicsText: '电子病历 的', cadence: 'weekly' })
 * // → { ok: false, errors: { topics: '“的” 不能作话题：…' } }
 */
export function readSettingsForm(input: SettingsFormInput): SettingsFormResult {
  const errors: Partial<Record<SettingsField, string>> = {};

  const regions: RegionFilter[] = [];
  if (input.regions.some((r) => r === null)) errors.regions = '这个表单里的地区已过期，请关掉表单，再用 /healthnews settings 打开一次。';
  for (const region of input.regions) {
    if (!region) continue;
    const filter = toRegionFilter(region);
    if (!regions.some((f) => sameFilter(f, filter))) regions.push(filter);
  }

  const topics: string[] = [];
  const rejected: string[] = [];
  const regionWords: string[] = [];
  const cadenceWords: string[] = [];
  for (const word of input.topicsText.split(SEPARATORS).filter(Boolean)) {
    const kind = classifySubscriptionWord(word);
    if (kind.kind === 'cadence') cadenceWords.push(word);
    else if (kind.kind === 'regions') regionWords.push(word);
    else if (kind.kind === 'rejected') rejected.push(word);
    else if (!topics.includes(kind.topic)) topics.push(kind.topic);
  }
  const topicProblems: string[] = [];
  if (rejected.length > 0) topicProblems.push(`${quoted(rejected)} 不能作话题：话题至少两个字，不能是“新闻”“的”这类虚词`);
  if (regionWords.length > 0) topicProblems.push(`${quoted(regionWords)} 是地区名，请在上面的“地区”里选`);
  if (cadenceWords.length > 0) topicProblems.push(`${quoted(cadenceWords)} 是频率，请在下面的“频率”里选`);
  if (topics.length > MAX_TOPICS) topicProblems.push(`最多 ${MAX_TOPICS} 个话题（写了 ${topics.length} 个）`);
  if (topicProblems.length > 0) errors.topics = `${topicProblems.join('；')}。`;

  const cadence = input.cadence && (CADENCES as readonly string[]).includes(input.cadence) ? (input.cadence as Cadence) : null;
  if (!cadence) errors.cadence = '请选择多久收一次：即时、每天、工作日或每周。';

  if (Object.keys(errors).length > 0 || !cadence) return { ok: false, errors };
  return { ok: true, settings: { regions: outermostRegions(regions), topics, cadence } };
}
