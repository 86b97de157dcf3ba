import { describe, expect, it } from 'vitest';
import { foldForIndex, normalizeForMatch, tokenize } from '../../src/search/tokenize.ts';

describe('tokenize', () => {
  it('indexes Chinese as overlapping bigrams, so a word inside a longer run is findable', () => {
    const text = tokenize('2012版居民健康卡宣告作废');
    for (const gram of tokenize('居民健康卡')) expect(text).toContain(gram);
    expect(tokenize('居民健康卡')).toEqual(['居民', '民健', '健康', '康卡']);
  });

  it('keeps Latin words and numbers whole and lower-cased, and folds full-width forms', () => {
    expect(tokenize('HIS系统 ＡＰＰ 5G')).toEqual(['his', '系统', 'app', '5g']);
  });

  it('splits runs at punctuation, Chinese or ASCII', () => {
    expect(tokenize('四川：首家“健康(http://x.cn)')).toEqual(['四川', '首家', '健康', 'http', 'x', 'cn']);
  });

  it('keeps a lone Han character as a unigram, and reads characters beyond the BMP', () => {
    expect(tokenize('卡')).toEqual(['卡']);
    expect(tokenize('一 卡')).toEqual(['一', '卡']);
    expect(tokenize('𠀋𠀋')).toEqual(['𠀋𠀋']);
  });

  it('drops emoji, symbols and control characters', () => {
    expect(tokenize('🎉\u0000\u200b健康🏥卡')).toEqual(['健康', '卡']);
  });
});

describe('foldForIndex', () => {
  it('keeps the very string when folding could not change a term character', () => {
    const text = '10月27日，新一批居民健康卡（银联卡）在锦州市正式启用…';
    expect(foldForIndex(text)).toBe(text);
  });

  it('folds capitals, full-width letters and digits, and compatibility characters', () => {
    expect(foldForIndex('银联IC卡')).toBe('银联ic卡');
    expect(foldForIndex('ＨＩＳ系统２０１４')).toBe('his系统2014');
    expect(foldForIndex('面积100㎡')).toBe('面积100m2');
  });

  it('finds every term exactly where the full normalisation would', () => {
    const samples = ['居民健康卡，发放。', 'ＡＰＰ上线“智慧医院”', '①号楼 5G急救', 'Ⅲ期工程，HIS/LIS', '（试点）远程会诊…', '𠀋字，CT室'];
    const terms = ['居民健康卡', 'app上线', '1号楼', '5g急救', 'iii期', 'his', 'lis', '试点', 'ct室', '远程会诊'];
    for (const text of samples) {
      for (const term of terms) expect(foldForIndex(text).includes(term), `${term} in ${text}`).toBe(normalizeForMatch(text).includes(term));
    }
  });
});
