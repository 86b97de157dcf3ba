import { describe, expect, it } from 'vitest';
import { matchesTopics, parseTopicWord } from '../../src/digest/topics.ts';
import { parseSubscriptionWords, SubscriptionWordsError } from '../../src/digest/subscriptions.ts';
import { article, region } from './articles.ts';

describe('parseTopicWord', () => {
  it('keeps terms as search normalises them and refuses lone characters, filler and time words', () => {
    const words = ['电子病历', '電子病歷', 'ＨＩＳ', '5G', '互联网医院', '卡', '的', '新闻', '有关', '最近', '健康卡吗'];
    expect(words.map(parseTopicWord)).toEqual(['电子病历', '电子病历', 'his', '5g', '互联网医院', null, null, null, null, null, null]);
  });
});

describe('parseSubscriptionWords', () => {
  it('sorts region words, topic words and a cadence word', () => {
    const request = parseSubscriptionWords('四川 广东 电子病历 互联网医院 每周');
    expect(request.regions.map((r) => r.label)).toEqual(['四川', '广东']);
    expect(request.topics).toEqual(['电子病历', '互联网医院']);
    expect(request.cadence).toBe('weekly');
    expect(parseSubscriptionWords('').cadence).toBeNull();
  });

  it('names every rejected word, and two cadences, changing nothing', () => {
    try {
      parseSubscriptionWords('四川 的 卡 daily weekly');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SubscriptionWordsError);
      expect((error as SubscriptionWordsError).rejected).toEqual(['的', '卡']);
      expect((error as SubscriptionWordsError).cadences).toEqual(['daily', 'weekly']);
    }
  });
});

describe('matchesTopics', () => {
  const emr = article('四川:推进電子病歷评级', '2024-10-08', region('四川'));
  const card = { ...article('陕西:居民健康卡发放', '2024-10-08', region('陕西')), summary: '全省 HIS 系统改造' };
  it('matches a topic verbatim in the title or summary after normalisation; none = every article', () => {
    expect(matchesTopics(emr, ['电子病历'])).toBe(true);
    expect(matchesTopics(card, ['电子病历'])).toBe(false);
    expect(matchesTopics(card, ['his'])).toBe(true);
    expect(matchesTopics(card, ['电子病历', '健康卡'])).toBe(true);
    expect(matchesTopics(card, [])).toBe(true);
  });
});
