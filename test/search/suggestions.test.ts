import { describe, expect, it } from 'vitest';
import { suggestQueries } from '../../src/search/suggestions.ts';
import { understandQuery } from '../../src/search/understand-query.ts';

const today = '2026-11-26';

describe('suggestQueries', () => {
  it('offers the province of a city and the words alone, only where they would find something', () => {
    const query = understandQuery('成都 电子健康卡', { today });
    const finds = new Set(['四川 电子健康卡', '电子健康卡']);
    expect(suggestQueries(query, (text) => finds.has(text))).toEqual(['电子健康卡', '四川 电子健康卡']);
  });

  it('never offers the query itself and at most three', () => {
    const query = understandQuery('远程会诊 医保 结算 健康卡', { today });
    const out = suggestQueries(query, () => true);
    expect(out).toHaveLength(3);
    expect(out).not.toContain(query.raw);
  });
});
