// Turns what people type after `/healthnews subscribe` (and the regions in DIGEST_CHANNELS) into
// region filters, with an error that names the unknown word and shows what would work. Pure.
import { ConfigError, type SeededSubscription } from '../config.ts';
import { findRegionMentions } from '../regions/find-regions.ts';
import { regionIncludes, regionLabel } from '../regions/region-filter.ts';
import type { RegionFilter } from '../regions/region-filter.ts';

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
const SEPARATORS = /[\s,，、+;；]+/u;

function sameFilter(a: RegionFilter, b: RegionFilter): boolean {
  return a.province === b.province && a.city === b.city && a.county === b.county;
}

/**
 * One name → the filters it names, when the region mentions found in it cover it completely
 * (`四川省` → 四川; `四川广东` → 四川, 广东). Null when any part is not a region name.
 */
function resolveName(name: string): RegionFilter[] | null {
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
    const resolved = resolveName(name);
    if (!resolved) {
      unknown.push(name);
      continue;
    }
    for (const filter of resolved) if (!filters.some((f) => sameFilter(f, filter))) filters.push(filter);
  }
  if (unknown.length > 0) throw new RegionNameError(unknown);
  // `广东 深圳`: 深圳 is already inside 广东, so the subscription is just 广东.
  return filters.filter((f) => !filters.some((other) => other !== f && !sameFilter(other, f) && regionIncludes(other, f)));
}

/**
 * Validates the regions of every DIGEST_CHANNELS entry. Throws a ConfigError naming the entry, so
 * a typo stops start-up with one clear line instead of a channel silently getting nothing.
 *
 * @example resolveSeededSubscriptions([{ channel: 'C0123', regions: ['四川省'] }]) // → [{ channel: 'C0123', regions: [四川 filter] }]
 */
export function resolveSeededSubscriptions(seeds: readonly SeededSubscription[]): { channel: string; regions: RegionFilter[] }[] {
  return seeds.map((seed) => {
    try {
      return { channel: seed.channel, regions: parseRegionNames(seed.regions) };
    } catch (error) {
      if (!(error instanceof RegionNameError)) throw error;
      throw new ConfigError(
        'DIGEST_CHANNELS',
        `entry "${seed.channel}=${seed.regions.join('+')}": ${error.unknown.map((n) => `"${n}"`).join(', ')} not a region name; ` +
          'use province or city names joined by + (e.g. C0123=四川+广东), or just the channel id for every region',
      );
    }
  });
}

/** How a subscription's regions read in messages: `四川、广东`, or `全部地区` for every region. */
export function describeRegions(filters: readonly RegionFilter[]): string {
  return filters.length === 0 ? '全部地区' : filters.map((f) => f.label || regionLabel(f)).join('、');
}
