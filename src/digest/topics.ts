// Topics of a subscription: which typed words make a usable topic, and whether an article is about
// one. A topic is matched verbatim after the same normalisation search applies to text and queries
// (NFKC, lower case, traditional → simplified), so `電子病歷` and `电子病历` subscribe to the same. Pure.
import type { Article } from '../pages/article.ts';
import { normalizeForMatch } from '../search/tokenize.ts';
import { todayInShanghai, understandQuery } from '../search/understand-query.ts';

/**
 * The topic a word names, normalised, or null when it is not one: a lone Chinese character, filler
 * (`新闻`, `的`, `有关`), a time word (`最近`), or a word search would not keep whole as one term
 * (`健康卡吗`). Region words are resolved before this is asked.
 *
 * @example parseTopicWord('電子病歷') // → '电子病历'
 * @example parseTopicWord('新闻') // → null
 */
export function parseTopicWord(word: string): string | null {
  const normalised = normalizeForMatch(word.trim());
  if (!normalised) return null;
  // Search's own reading of the word: what it keeps as a term is what a subscription can match.
  const understood = understandQuery(normalised, { today: todayInShanghai() });
  if (understood.mode !== 'keyword' || understood.timeLabel !== null || understood.regions.length > 0) return null;
  if (understood.terms.length !== 1 || understood.terms[0] !== normalised) return null;
  const chars = Array.from(normalised);
  if (chars.length < 2) return null;
  return normalised;
}

// An article's text as topics see it, normalised once per article object.
const normalisedText = new WeakMap<Article, string>();

function articleText(article: Article): string {
  let text = normalisedText.get(article);
  if (text === undefined) {
    text = normalizeForMatch(`${article.title}\n${article.summary}`);
    normalisedText.set(article, text);
  }
  return text;
}

/**
 * True when `article`'s title or summary contains one of `topics` verbatim (after normalisation);
 * no topics means every article.
 *
 * @example matchesTopics(article('居民电子病历共享', …), ['电子病历']) // → true
 */
export function matchesTopics(article: Article, topics: readonly string[]): boolean {
  if (topics.length === 0) return true;
  const text = articleText(article);
  return topics.some((topic) => text.includes(topic));
}

/** How a subscription's topics read in messages: `电子病历、互联网医院`, or null for none. */
export function describeTopics(topics: readonly string[]): string | null {
  return topics.length === 0 ? null : topics.join('、');
}
