import { describe, expect, it } from 'vitest';
import { isQuestion, isWhereQuestion, questionChunks } from '../../src/search/question-chunks.ts';
import { understandQuery } from '../../src/search/understand-query.ts';

const today = '2026-11-26';
const understand = (q: string) => understandQuery(q, { today });

describe('questions are understood as questions', () => {
  it('tells questions (question words, marks, sentences) from keyword queries', () => {
    for (const q of ['有哪些医院开通了远程会诊？', '健康卡现在能在哪些地方用', '最近有没有关于电子病历的政策', '深圳的互联网医院怎么样了', '了解一下分级诊疗的进展']) {
      expect(understand(q).mode, q).toBe('question');
    }
    expect(isQuestion('区域卫生信息平台建设推进居民电子健康档案共享')).toBe(true); // a sentence
    for (const q of ['居民健康卡', '广东 互联网医院', '陕西最近的健康卡新闻', '2014中国健康大会', '血液信息管理系统']) {
      expect(understand(q).mode, q).toBe('keyword');
    }
  });

  it('keeps the content chunks: question words, function words and generic nouns go', () => {
    expect(understand('有哪些医院开通了远程会诊？').terms).toEqual(['医院开通', '远程会诊']);
    expect(understand('健康卡现在能在哪些地方用').terms).toEqual(['健康卡']);
    expect(understand('最近有没有关于电子病历的政策')).toMatchObject({ terms: ['电子病历', '政策'], order: 'newest' });
    expect(understand('深圳的互联网医院怎么样了')).toMatchObject({ terms: ['互联网医院'], regions: [{ city: '深圳' }] });
    expect(understand('了解一下分级诊疗的进展').terms).toEqual(['分级诊疗']);
  });

  it('never takes a stop word out of a longer content word', () => {
    // 在 and 能 are stop words at an edge, but part of 在线 and 功能.
    expect(questionChunks(['在线问诊有哪些医院'])).toEqual(['在线问诊', '医院']);
    expect(questionChunks(['智能导诊功能怎么样'])).toEqual(['智能导诊功能']);
    expect(questionChunks(['居民健康卡发展情况如何'])).toEqual(['居民健康卡发展']);
    expect(questionChunks(['了解'])).toEqual([]);
  });

  it('knows a "where" question', () => {
    for (const q of ['健康卡现在能在哪些地方用', '哪里能办居民健康卡', '哪些省在建区域平台', '有哪些医院开通了远程会诊？']) {
      expect(isWhereQuestion(q), q).toBe(true);
    }
    expect(isWhereQuestion('电子病历什么时候推广')).toBe(false);
  });
});
