import { describe, expect, it } from 'vitest';
import { archiveWords, readingOf, Vocabulary } from '../../src/search/vocabulary.ts';

const TITLES = [
  '四川:居民健康卡正式发放',
  '陕西居民健康卡一卡通上线',
  '辽宁锦州:新一批居民健康卡启用',
  '广东首家互联网医院开业',
  '浙江互联网医院建设提速',
  '上海:互联网医院试点运行',
  '远程会诊平台上线',
  '远程会诊覆盖全省',
];

describe('archiveWords', () => {
  it('keeps the runs of Chinese that recur in titles, and not the pieces only seen inside a longer word', () => {
    const words = archiveWords(TITLES, 2).map((w) => w.word);
    expect(words).toEqual(expect.arrayContaining(['居民健康卡', '互联网医院', '远程会诊']));
    expect(words).not.toContain('民健康'); // only ever inside 居民健康卡
    expect(words).not.toContain('正式发放'); // in one title only
  });

  it('counts how many titles hold a word, the most frequent first', () => {
    const words = archiveWords(TITLES, 2);
    expect(words.find((w) => w.word === '居民健康卡')?.titles).toBe(3);
    expect(words[0]!.titles).toBeGreaterThanOrEqual(words[words.length - 1]!.titles);
  });

  it('reads traditional titles as the index does (folded to simplified)', () => {
    expect(archiveWords(['網絡醫院上線', '網絡醫院開業'], 2).map((w) => w.word)).toContain('网络医院');
  });
});

describe('Vocabulary.closest', () => {
  const vocabulary = Vocabulary.fromTitles(TITLES);

  it('finds the word that reads the same: the typo a pinyin IME makes', () => {
    expect(readingOf('居民键康卡')).toBe(readingOf('居民健康卡'));
    expect(vocabulary.closest('居民键康卡')[0]).toMatchObject({ word: '居民健康卡', sameReading: true });
    expect(vocabulary.closest('远程会珍')[0]?.word).toBe('远程会诊');
  });

  it('finds a word one character different, even when it reads differently', () => {
    expect(vocabulary.closest('互连网医院')[0]?.word).toBe('互联网医院'); // lian, the same reading
    expect(vocabulary.closest('互联网医馆')[0]).toMatchObject({ word: '互联网医院', sameReading: false });
  });

  it('never offers the word itself, and nothing for a word unlike any', () => {
    expect(vocabulary.closest('居民健康卡').map((c) => c.word)).not.toContain('居民健康卡');
    expect(vocabulary.closest('天气预报')).toEqual([]);
  });
});

describe('Vocabulary.fromTitlesInSlices', () => {
  it('builds the same vocabulary as fromTitles, giving the event loop back on the way', async () => {
    const titles = Array.from({ length: 3000 }, (_, i) => TITLES[i % TITLES.length]! + (i % 7 === 0 ? '' : `第${i % 13}期`));
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    // A zero budget yields at every check, so the loop must have turned while it counted.
    const { TimeSlicer } = await import('../../src/time-slices.ts');
    const sliced = await Vocabulary.fromTitlesInSlices(titles, new TimeSlicer(0));
    clearInterval(ticking);
    const whole = Vocabulary.fromTitles(titles);
    expect(sliced.size).toBe(whole.size);
    for (const typo of ['居民键康卡', '互连网医院', '远程会珍']) expect(sliced.closest(typo), typo).toEqual(whole.closest(typo));
    expect(sliced.closest('居民键康卡')[0]?.word).toBe('居民健康卡');
    expect(turns).toBeGreaterThan(0);
  });
});
