import { describe, expect, it } from 'vitest';
import { understandQuery } from '../../src/search/understand-query.ts';

const today = '2026-11-26'; // a Thursday
const understand = (q: string) => understandQuery(q, { today });

describe('understandQuery', () => {
  it('turns a natural question into region + term, newest first', () => {
    const q = understand('陕西最近的健康卡新闻');
    expect(q.regions.map((r) => r.province)).toEqual(['陕西']);
    expect(q.terms).toEqual(['健康卡']);
    expect(q.order).toBe('newest');
    expect(q.timeLabel).toBe('最近');
    expect(q.dateRange).toBeNull();
  });

  it('drops filler and punctuation in a question', () => {
    expect(understand('陕西最近有什么健康卡的新闻？').terms).toEqual(['健康卡']);
    expect(understand('四川有没有关于居民健康卡的消息吗').terms).toEqual(['居民健康卡']);
    expect(understand('请问有健康卡吗').terms).toEqual(['健康卡']);
  });

  it('reads region words in any form', () => {
    for (const q of ['四川', '四川省', 'sichuan', 'SiChuan']) {
      const u = understand(q);
      expect(u.regions.map((r) => r.province), q).toEqual(['四川']);
      expect(u.terms, q).toEqual([]);
    }
    expect(understand('廣東').regions.map((r) => r.province)).toEqual(['广东']);
    const city = understand('成都').regions[0]!;
    expect([city.province, city.city !== null]).toEqual(['四川', true]);
  });

  it('a region-only query lists newest first; a keyword query by relevance', () => {
    expect(understand('四川').order).toBe('newest');
    expect(understand('居民健康卡').order).toBe('relevance');
    expect(understand('广东 互联网医院')).toMatchObject({ terms: ['互联网医院'], order: 'relevance' });
  });

  it('reads dates and months', () => {
    expect(understand('2014-10 四川').dateRange).toEqual({ from: '2014-10-01', to: '2014-10-31' });
    expect(understand('２０１４年１０月').dateRange).toEqual({ from: '2014-10-01', to: '2014-10-31' });
    expect(understand('2014-10-30').dateRange).toEqual({ from: '2014-10-30', to: '2014-10-30' });
    expect(understand('2014年').dateRange).toEqual({ from: '2014-01-01', to: '2014-12-31' });
    // A month alone is the latest such month not after today.
    expect(understand('10月').dateRange).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(understand('12月').dateRange).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(understand('10月30日 健康卡')).toMatchObject({ dateRange: { from: '2026-10-30', to: '2026-10-30' }, terms: ['健康卡'] });
  });

  it('reads relative time words against today', () => {
    expect(understand('今天').dateRange).toEqual({ from: today, to: today });
    expect(understand('本周').dateRange).toEqual({ from: '2026-11-23', to: today }); // weeks start on Monday
    expect(understand('本月 健康卡').dateRange).toEqual({ from: '2026-11-01', to: today });
    expect(understand('上个月').dateRange).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(understandQuery('上个月', { today: '2026-01-15' }).dateRange).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('does not take a bare year inside a name for a date', () => {
    const q = understand('2014中国健康大会');
    expect(q.dateRange).toBeNull();
    expect(q.terms).toEqual(['2014中国健康大会']);
  });

  it('keeps Latin-and-Chinese compounds whole; spaces separate terms', () => {
    expect(understand('IC卡').terms).toEqual(['ic卡']);
    expect(understand('HIS系统 5G急救').terms).toEqual(['his系统', '5g急救']);
    expect(understand('健康卡 app').terms).toEqual(['健康卡', 'app']);
  });

  it('keeps content words that contain a filler character at their edge', () => {
    expect(understand('体检查询').terms).toEqual(['体检']);
    expect(understand('检查').terms).toEqual(['检查']);
  });

  it('keeps a leading filler character where it starts the word: 在线问诊 is not 线问诊', () => {
    expect(understand('在线问诊').terms).toEqual(['在线问诊']);
    expect(understand('四川 在线问诊').terms).toEqual(['在线问诊']);
    expect(understand('有效期').terms).toEqual(['有效期']);
    expect(understand('要闻').terms).toEqual(['要闻']);
    // and still drops it where it is filler
    expect(understand('有健康卡吗').terms).toEqual(['健康卡']);
    expect(understand('在四川').terms).toEqual([]);
  });

  it('never leaves a term that is not part of what was typed, so recall cannot drop', () => {
    for (const q of ['四川最近有什么居民健康卡的新闻？', '广东 互联网医院 和 远程医疗', '关于电子病历的报道']) {
      const folded = q.normalize('NFKC').toLowerCase();
      for (const term of understand(q).terms) expect(folded).toContain(term);
    }
  });

  it('survives hostile input: control and zero-width characters, mrkdwn, 10,000 characters', () => {
    expect(understand('健\u200b康\u0007卡').raw).toBe('健 康 卡');
    expect(understand('<!channel> *健康卡* `x`').terms).toContain('健康卡');
    const long = understand('健康'.repeat(5000));
    expect(long.raw.length).toBeLessThanOrEqual(500);
    expect(understand('🎉🎉🎉')).toMatchObject({ terms: [], regions: [] });
  });
});
