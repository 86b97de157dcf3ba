// Comparing and showing regions: whether an article's region falls inside a filter, and the short
// label the CLI and Slack print.
import type { Region } from './region.ts';

/** A region asked for (by a query or a subscription); an article is in it when every non-null field matches. */
export interface RegionFilter extends Region {
  /** How to show it: `四川`, `四川 · 成都` (see regionLabel). */
  label: string;
}

/**
 * True when every non-null field of `filter` equals the same field of `region`, so a province
 * filter takes in its cities and counties, and an all-null filter takes in everything.
 *
 * @example regionIncludes({ province: '四川', city: null, county: null }, { province: '四川', city: '成都', county: null }) // → true
 */
export function regionIncludes(filter: Region, region: Region): boolean {
  return (
    (filter.province === null || filter.province === region.province) &&
    (filter.city === null || filter.city === region.city) &&
    (filter.county === null || filter.county === region.county)
  );
}

/**
 * A short display of a region, most general first; `全国` for national news.
 *
 * @example regionLabel({ province: '四川', city: '成都', county: null }) // → '四川 · 成都'
 */
export function regionLabel(region: Region): string {
  const parts = [region.province, region.city, region.county].filter((p): p is string => p !== null);
  return parts.length === 0 ? '全国' : parts.join(' · ');
}

/**
 * The filter for a region, labelled for display.
 *
 * @example toRegionFilter({ province: '广东', city: null, county: null }).label // → '广东'
 */
export function toRegionFilter(region: Region): RegionFilter {
  return { province: region.province, city: region.city, county: region.county, label: regionLabel(region) };
}
