// A map made of a big shared base and a small set of changes on top. The index keeps where each of
// 100,000 articles lives; copying that map for every page change would hold the event loop for
// tens of milliseconds, so a changed index copies only the changes made since the last merge.

/**
 * A `ReadonlyMap` over `base` with its own sets and deletes; `base` is never modified.
 *
 * @example
 * const next = OverlayMap.over(previous); // previous: a Map or another OverlayMap, unchanged
 * next.set('id', { segment: 2, doc: 0 });
 * next.delete('old-id');
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** A key's value here wins over base; `undefined` marks a key deleted from base. */
    private readonly changes: Map<K, V | undefined>,
    private count: number,
  ) {}

  /** A new map holding what `map` holds, to change without touching `map`. Costs O(changes in map), not O(size). */
  static over<K, V>(map: ReadonlyMap<K, V>): OverlayMap<K, V> {
    if (map instanceof OverlayMap) return new OverlayMap<K, V>(map.base, new Map(map.changes), map.count);
    return new OverlayMap<K, V>(map, new Map(), map.size);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.count++;
    this.changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count--;
    if (this.base.has(key)) this.changes.set(key, undefined);
    else this.changes.delete(key);
    return true;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) if (!this.changes.has(key)) yield [key, value];
    for (const [key, value] of this.changes) if (value !== undefined) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(visit: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) visit(value, key, this);
  }
}
