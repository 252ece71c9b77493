/** A map that keeps only its `capacity` most recently used entries, telling `onEvict` what it drops. */
export class LruMap<K, V> {
  #entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (value: V, key: K) => void = () => undefined,
  ) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const [oldest, evicted] of this.#entries) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
      this.onEvict(evicted, oldest);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
