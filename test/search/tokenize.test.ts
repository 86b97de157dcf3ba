import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/search/tokenize.ts';

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
