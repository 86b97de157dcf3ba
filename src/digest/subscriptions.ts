// Turns what people type after `/healthnews subscribe` (and the words of a DIGEST_CHANNELS entry)
// into a subscription: region words are regions, a cadence word sets the cadence, other usable words
// are topics; an error names every word that is none of these and shows what would work. Pure.
import { ConfigError, type DigestChannelEntry } from '../config.ts';
import { findRegionMentions } from '../regions/find-regions.ts';
import { regionIncludes, regionLabel } from '../regions/region-filter.ts';
import type { RegionFilter } from '../regions/region-filter.ts';
import type { SeededSubscription } from '../store/state-store.ts';
import type { Cadence } from '../store/subscription-store.ts';
import { cadenceLabel, parseCadenceWord } from './cadence.ts';
import { parseTopicWord } from './topics.ts';

/** Some region names were not understood; `message` is ready to show the person who typed them. */
export class RegionNameError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `${unknown.map((n) => `"${n}"`).join('、')} ${unknown.length > 1 ? 'are not regions' : 'is not a region'} I know. ` +
        'Use province or city names such as 四川, 广东省, sichuan or 成都, separated by spaces; ' +
        'with no names the channel gets every region.',
    );
    this.name = 'RegionNameError';
  }
}

// Spaces, commas (both widths), the enumeration comma and `+` all separate names.
export const SEPARATORS = /[\s,，、+;；]+/u;

export function sameFilter(a: RegionFilter, b: RegionFilter): boolean {
  return a.province === b.province && a.city === b.city && a.county === b.county;
}

/**
 * Words that are neither a region, a usable topic nor a cadence (`rejected`), or two different
 * cadences at once. `message` is ready to show the person who typed them.
 */
export class SubscriptionWordsError extends Error {
  constructor(
    readonly rejected: string[],
    readonly cadences: Cadence[] = [],
  ) {
    const parts: string[] = [];
    if (rejected.length > 0) {
      parts.push(
        `${rejected.map((n) => `"${n}"`).join('、')} ${rejected.length > 1 ? 'are neither regions nor topics' : 'is neither a region nor a topic'}: ` +
          'a topic is a term of two or more characters (电子病历, 互联网医院, HIS), not a lone character or filler such as 新闻 or 的',
      );
    }
    if (cadences.length > 1) parts.push(`choose one cadence, not ${cadences.map(cadenceLabel).join(' and ')}`);
    super(`${parts.join('; ')}. Nothing was changed.`);
    this.name = 'SubscriptionWordsError';
  }
}

/** What a subscription asks for: regions (empty = every region), topics (empty = every article), cadence (null = not named). */
export interface SubscriptionRequest {
  regions: RegionFilter[];
  topics: string[];
  cadence: Cadence | null;
}

/**
 * One name → the filters it names, when the region mentions found in it cover it completely
 * (`四川省` → 四川; `四川广东` → 四川, 广东). Null when any part is not a region name.
 */
export function resolveRegionName(name: string): RegionFilter[] | null {
  const mentions = [...findRegionMentions(name)].sort((a, b) => a.start - b.start);
  let covered = 0;
  const filters: RegionFilter[] = [];
  for (const mention of mentions) {
    if (mention.start !== covered) return null;
    covered = mention.end;
    filters.push(mention.filter);
  }
  return covered === name.length && filters.length > 0 ? filters : null;
}

/**
 * Parses region names into filters, without duplicates, in the order given. Empty input means
 * every region and gives `[]`. Throws {@link RegionNameError} listing every name not understood.
 *
 * @example parseRegionNames('四川省 sichuan 广东').map((f) => f.label) // → ['四川', '广东']
 */
export function parseRegionNames(text: string | readonly string[]): RegionFilter[] {
  const names = (typeof text === 'string' ? [text] : [...text]).flatMap((t) => t.split(SEPARATORS)).filter(Boolean);
  const filters: RegionFilter[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const resolved = resolveRegionName(name);
    if (!resolved) {
      unknown.push(name);
      continue;
    }
    for (const filter of resolved) if (!filters.some((f) => sameFilter(f, filter))) filters.push(filter);
  }
  if (unknown.length > 0) throw new RegionNameError(unknown);
  return outermostRegions(filters);
}

/** Drops regions inside another one named (`广东 深圳` is just 广东). */
export function outermostRegions(filters: readonly RegionFilter[]): RegionFilter[] {
  return filters.filter((f) => !filters.some((other) => other !== f && !sameFilter(other, f) && regionIncludes(other, f)));
}

/**
 * Reads the words of a subscription: each is a region name (as in searches: 四川省, sichuan, 成都),
 * a cadence (instant/daily/workdays/weekly, 即时/每天/工作日/每周) or a topic (see
 * {@link parseTopicWord}). Throws {@link SubscriptionWordsError} naming every word that is none
 * of these, or two cadences; nothing is half-applied.
 *
 * @example parseSubscriptionWords('四川 广东 电子病历 每周')
 * // → { regions: [四川, 广东], topics: ['电子病历'], cadence: 'weekly' }
 */
export function parseSubscriptionWords(text: string | readonly string[]): SubscriptionRequest {
  const words = (typeof text === 'string' ? [text] : [...text]).flatMap((t) => t.split(SEPARATORS)).filter(Boolean);
  const regions: RegionFilter[] = [];
  const topics: string[] = [];
  const cadences: Cadence[] = [];
  const rejected: string[] = [];
  for (const word of words) {
    const kind = classifySubscriptionWord(word);
    if (kind.kind === 'cadence') {
      if (!cadences.includes(kind.cadence)) cadences.push(kind.cadence);
    } else if (kind.kind === 'regions') {
      for (const filter of kind.regions) if (!regions.some((f) => sameFilter(f, filter))) regions.push(filter);
    } else if (kind.kind === 'topic') {
      if (!topics.includes(kind.topic)) topics.push(kind.topic);
    } else {
      rejected.push(word);
    }
  }
  if (rejected.length > 0 || cadences.length > 1) throw new SubscriptionWordsError(rejected, cadences);
  return { regions: outermostRegions(regions), topics, cadence: cadences[0] ?? null };
}

/** What one word of a subscription is. */
export type SubscriptionWord =
  | { kind: 'cadence'; cadence: Cadence }
  | { kind: 'regions'; regions: RegionFilter[] }
  | { kind: 'topic'; topic: string }
  | { kind: 'rejected' };

/**
 * Reads one word: a cadence word first (`每天` is no topic), then a region name, then a topic.
 *
 * @example classifySubscriptionWord('电子病历') // → { kind: 'topic', topic: '电子病历' }
 */
export function classifySubscriptionWord(word: string): SubscriptionWord {
  const cadence = parseCadenceWord(word);
  if (cadence) return { kind: 'cadence', cadence };
  const regions = resolveRegionName(word);
  if (regions) return { kind: 'regions', regions };
  const topic = parseTopicWord(word);
  return topic ? { kind: 'topic', topic } : { kind: 'rejected' };
}

/** A DIGEST_CHANNELS entry, read: what the channel gets (cadence `daily` when none is named), as the store seeds it. */
export interface ResolvedSeed extends SeededSubscription {
  regions: RegionFilter[];
  topics: string[];
  cadence: Cadence;
}

/**
 * Reads every DIGEST_CHANNELS entry with {@link parseSubscriptionWords}. Throws a ConfigError
 * naming the entry, so a typo stops start-up with one clear line instead of a channel silently
 * getting nothing.
 *
 * @example resolveSeededSubscriptions([{ channel: 'C0123', words: ['四川省', '电子病历', 'weekly'] }])
 * // → [{ channel: 'C0123', regions: [四川 filter], topics: ['电子病历'], cadence: 'weekly' }]
 */
export function resolveSeededSubscriptions(seeds: readonly DigestChannelEntry[]): ResolvedSeed[] {
  return seeds.map((seed) => {
    try {
      const request = parseSubscriptionWords(seed.words);
      return { channel: seed.channel, regions: request.regions, topics: request.topics, cadence: request.cadence ?? 'daily' };
    } catch (error) {
      if (!(error instanceof SubscriptionWordsError)) throw error;
      const problems: string[] = [];
      if (error.rejected.length > 0) {
        problems.push(`${error.rejected.map((n) => `"${n}"`).join(', ')} neither a region name nor a topic (a topic has two or more characters and is not filler)`);
      }
      if (error.cadences.length > 1) problems.push(`more than one cadence (${error.cadences.join(', ')})`);
      throw new ConfigError(
        'DIGEST_CHANNELS',
        `entry "${seed.channel}=${seed.words.join('+')}": ${problems.join('; ')}; ` +
          'write regions, topics and at most one cadence joined by + (e.g. C0123=四川+广东+电子病历+weekly), or just the channel id for every region daily',
      );
    }
  });
}

/** How a subscription's regions read in messages: `四川、广东`, or `全部地区` for every region. */
export function describeRegions(filters: readonly RegionFilter[]): string {
  return filters.length === 0 ? '全部地区' : filters.map((f) => f.label || regionLabel(f)).join('、');
}
