// A hash table from Han term keys (non-negative integers below 2^53, as `TermKey` numbers are) to
// small non-negative ints, in two typed arrays. The index build looks up every term of every
// article in one: with a real vocabulary (1.6M distinct bigrams at 100,000 articles) a Map of
// double keys held a heap number per key (~80 MB) and slowed the build ~4×; this holds 12 bytes
// a slot, off the JS heap, and collects no garbage.
//
// @example const t = new KeyTable(); t.set(0x4e2d * 0x110000 + 0x56fd, 7); t.get(0x4e2d * 0x110000 + 0x56fd) // → 7

/** Slots per key, at most (a power-of-two table grows before it is fuller than this). */
const MAX_LOAD = 0.6;

export class KeyTable {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  /** Keys held. */
  size = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots * MAX_LOAD < capacity) slots *= 2;
    this.keys = new Float64Array(slots).fill(-1);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The value of `key`, or -1 when the table does not hold it. */
  get(key: number): number {
    const { keys, mask } = this;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === -1) return -1;
    }
  }

  /** Sets `key` to `value` (a new key, or a new value for one held). */
  set(key: number, value: number): void {
    if ((this.size + 1) > MAX_LOAD * this.keys.length) this.grow();
    this.place(key, value);
  }

  private place(key: number, value: number): void {
    const { keys, mask } = this;
    let i = slotOf(key, mask);
    while (keys[i] !== -1 && keys[i] !== key) i = (i + 1) & mask;
    if (keys[i] === -1) this.size++;
    keys[i] = key;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.place(keys[i]!, values[i]!);
  }
}

/** A slot for `key`: its low and high 32 bits mixed (murmur3's finaliser), masked. */
function slotOf(key: number, mask: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}
