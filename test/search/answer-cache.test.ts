import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/search/answer-cache.ts';

describe('AnswerCache', () => {
  it('forgets the least recently used answer when full', () => {
    const cache = new AnswerCache<string>(2);
    cache.remember('四川', 'a');
    cache.remember('广东', 'b');
    expect(cache.recall('四川')).toBe('a'); // 四川 is now the most recent
    cache.remember('陕西', 'c');
    expect(cache.recall('广东')).toBeUndefined();
    expect(cache.recall('四川')).toBe('a');
    expect(cache.recall('陕西')).toBe('c');
  });
});
