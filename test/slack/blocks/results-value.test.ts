import { describe, expect, it } from 'vitest';
import { decodeResultsValue, encodeResultsValue, MAX_BUTTON_VALUE } from '../../../src/slack/blocks/results-value.ts';
import { normalizeQuery } from '../../../src/search/query-text.ts';

describe('results button value', () => {
  it('round-trips a query and offset', () => {
    expect(decodeResultsValue(encodeResultsValue({ query: '广东 互联网医院', offset: 10 }))).toEqual({ query: '广东 互联网医院', offset: 10 });
  });

  it('stays within 2000 characters for the worst query normalizeQuery lets through', () => {
    const worst = normalizeQuery('"\\'.repeat(5000)).text; // every character doubles under JSON escaping
    const value = encodeResultsValue({ query: worst, offset: 99_995 });
    expect(value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    expect(decodeResultsValue(value)?.query).toBe(worst);
  });

  it('still fits when handed an unbounded query', () => {
    expect(encodeResultsValue({ query: '"'.repeat(10_000), offset: 0 }).length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
  });

  it.each([
    ['not JSON', 'next'],
    ['wrong types', '{"q":1,"o":"5"}'],
    ['negative offset', '{"q":"四川","o":-5}'],
    ['fractional offset', '{"q":"四川","o":1.5}'],
    ['huge offset', '{"q":"四川","o":1e12}'],
    ['null', 'null'],
  ])('refuses a value that is not ours (%s)', (_name, value) => {
    expect(decodeResultsValue(value)).toBeNull();
  });
});
