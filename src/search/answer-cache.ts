// Remembers recent answers of one index, least recently used out first. An index never changes
// (a change makes a new index), so a remembered answer never goes stale; people ask the same
// things (`四川`, paging back and forth).
//
// @example
// const cache = new AnswerCache<string>(2);
// cache.remember('四川', 'answer'); cache.recall('四川') // → 'answer'

/** Answers remembered per index by default. */
export const ANSWER_CACHE_ENTRIES = 512;

/** A bounded least-recently-used map from a query key to its answer. */
export class AnswerCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = ANSWER_CACHE_ENTRIES) {}

  /** The answer remembered under `key`, which becomes the most recently used; undefined if none. */
  recall(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key); // most recently used goes last
    this.entries.set(key, value);
    return value;
  }

  /** Remembers `value` under `key`, forgetting the least recently used answer when full. */
  remember(key: string, value: T): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
