import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/pages/article.ts';
import { articleId } from '../../src/pages/parse-page.ts';
import { correctedQueries } from '../../src/search/did-you-mean.ts';
import { buildNewsIndex } from '../../src/search/news-index.ts';
import { understandQuery } from '../../src/search/understand-query.ts';
import { Vocabulary } from '../../src/search/vocabulary.ts';

const today = '2026-11-26';

function article(title: string, province: string | null, date = '2024-05-01'): Article {
  return {
    id: articleId(title, date),
    title,
    date,
    summary: `${title}。记者获悉，相关工作正在推进…`,
    section: '地方新闻',
    region: { province, city: null, county: null },
    source: { file: 'test.txt', line: 1 },
  };
}

const ARTICLES = [
  article('四川:居民健康卡正式发放', '四川'),
  article('四川:居民健康卡一卡通上线', '四川', '2024-06-01'),
  article('陕西居民健康卡启用', '陕西'),
  article('广东首家互联网医院开业', '广东'),
  article('广东互联网医院建设提速', '广东', '2024-07-01'),
  article('浙江互联网医院试点运行', '浙江'),
  article('远程会诊平台上线', null),
  article('建设项目启动', null),
];
const index = buildNewsIndex(ARTICLES);
const search = (q: string) => index.search(q, { today, limit: 20 });

describe('did you mean', () => {
  it('mends a homophone typo into the archive word and offers it first', () => {
    const answer = search('居民键康卡');
    expect(answer.total).toBe(0);
    expect(answer.suggestions[0]).toBe('居民健康卡');
    expect(search(answer.suggestions[0]!).total).toBe(3);
  });

  it('mends one wrong character inside a longer query and keeps the region', () => {
    expect(search('广东 互连网医院').suggestions[0]).toBe('广东 互联网医院');
    expect(search('互联网医馆').suggestions[0]).toBe('互联网医院');
  });

  it('reads nearly spelled region romanisations as the region', () => {
    expect(search('sichaun').suggestions[0]).toBe('四川');
    expect(search('guang dong').suggestions[0]).toBe('广东');
    expect(search('guang dong 互联网医院').suggestions[0]).toBe('广东 互联网医院');
  });

  it('offers a mended query when very little matched, but not when the query found plenty', () => {
    const few = [...ARTICLES, article('居民键康卡错字新闻', null)];
    const fewIndex = buildNewsIndex(few);
    const answer = fewIndex.search('居民键康卡', { today });
    expect(answer.total).toBe(1);
    expect(answer.suggestions).toEqual(['居民健康卡']);
    expect(search('居民健康卡').suggestions).toEqual([]);
  });

  it('offers only mended queries that find more, and none for words unlike the archive', () => {
    const vocabulary = Vocabulary.fromTitles(ARTICLES.map((a) => a.title));
    const query = understandQuery('居民键康卡', { today });
    const nothingHas = { bigramDocs: () => 0 };
    expect(correctedQueries(query, vocabulary, { ...nothingHas, findsMoreThan: () => false }, 0)).toEqual([]);
    expect(correctedQueries(query, vocabulary, { ...nothingHas, findsMoreThan: (_text: string, n: number) => 4 > n }, 0)).toEqual(['居民健康卡']);
    expect(correctedQueries(understandQuery('天气预报', { today }), vocabulary, { ...nothingHas, findsMoreThan: (_text: string, n: number) => 5 > n }, 0)).toEqual([]);
  });

  it('shares the vocabulary with an index made by a small change', () => {
    const changed = index.withChanges([article('四川:互联网医院挂号', '四川', '2024-08-01')], []);
    expect(changed.vocabulary()).toBe(index.vocabulary());
  });
});

describe('did you mean in the running bot (vocabulary built in the background)', () => {
  it('offers no mended word while the vocabulary is being built, and mends once it is ready', async () => {
    // A fresh index: the answer cache of `index` above must not answer for it.
    const bot = buildNewsIndex(ARTICLES);
    const ready = bot.prepareVocabulary();
    // Asked before the build is done: answered at once, without building the vocabulary on the spot.
    expect(bot.search('居民键康卡', { today, limit: 20 }).suggestions).not.toContain('居民健康卡');
    await ready;
    const later = bot.withChanges([article('宁夏居民健康卡发放', '宁夏')], []);
    expect(later.search('居民键康卡', { today, limit: 20 }).suggestions[0]).toBe('居民健康卡');
  });
});

describe('NewsIndex.findsMoreThan (the suggestions\' probe)', () => {
  it('says what counting every match would say, for keyword queries with regions, several terms and none', () => {
    const many = buildNewsIndex([
      ...ARTICLES,
      ...Array.from({ length: 300 }, (_, i) => article(`${['四川', '广东', '陕西'][i % 3]}:第${i}家医院接入居民健康卡${i % 2 ? '和互联网医院' : ''}`, ['四川', '广东', '陕西'][i % 3]!)),
    ]);
    const queries = ['居民健康卡', '四川 居民健康卡', '广东 互联网医院', '居民健康卡 互联网医院', '四川', '远程会诊', '天气预报', '健康卡', 'IC卡'];
    for (const text of queries) {
      const query = understandQuery(text, { today });
      const total = many.search(text, { today, limit: 1 }).total;
      for (const n of [0, 1, 2, 5, 100, 1000]) expect(many.findsMoreThan(query, n), `${text} > ${n}`).toBe(total > n);
    }
  });
});
