import { describe, expect, it } from 'vitest';
import { LruMap } from './lru.js';

describe('LruMap', () => {
  it('drops the least recently used entry beyond its capacity and reports it', () => {
    const evicted: string[] = [];
    const map = new LruMap<string, number>(2, (_, key) => evicted.push(key));
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect(map.get('b')).toBeUndefined();
    expect([map.get('a'), map.get('c'), map.size]).toEqual([1, 3, 2]);
  });

  it('replacing a key does not evict anything', () => {
    const evicted: string[] = [];
    const map = new LruMap<string, number>(2, (_, key) => evicted.push(key));
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    expect(evicted).toEqual([]);
    expect(map.get('a')).toBe(10);
  });
});
