/**
 * A small seeded generator (sfc32) whose whole state is four 32-bit words, so a training run can save
 * it in a checkpoint and resume drawing exactly the same numbers.
 */
export type RngState = [number, number, number, number];

export class Rng {
  private s: Uint32Array;

  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      this.s = new Uint32Array([0x9e3779b9, seedOrState >>> 0, (seedOrState / 2 ** 32) >>> 0, 1]);
      for (let i = 0; i < 12; i++) this.nextUint32();
    } else {
      this.s = new Uint32Array(seedOrState);
    }
  }

  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }

  nextUint32(): number {
    const s = this.s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct indices from [0, n) in random order (partial Fisher–Yates). */
  sampleIndices(n: number, count: number): Int32Array {
    const k = Math.min(count, n);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (n - i));
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  }

  /** A fresh 31-bit seed, e.g. for the model's z draws. */
  seed(): number {
    return this.nextUint32() >>> 1;
  }
}
