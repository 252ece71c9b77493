import { expect, it } from 'vitest';
import { mulberry32 } from '../../models/nn/params.js';
import { pairedBootstrap } from './bootstrap.js';

it('brackets the mean difference and repeats with its seed', () => {
  const rand = mulberry32(3);
  const b = Array.from({ length: 100 }, () => rand());
  const a = b.map((v) => v + 0.5 + 0.1 * (rand() - 0.5));
  const r = pairedBootstrap(a, b);
  expect(r.mean).toBeCloseTo(0.5, 1);
  expect(r.low).toBeLessThan(r.mean);
  expect(r.high).toBeGreaterThan(r.mean);
  // The pairs' differences spread by ~0.03 (uniform of width 0.1), so the mean's 95 % interval is ~±0.006.
  expect(r.high - r.low).toBeGreaterThan(0.006);
  expect(r.high - r.low).toBeLessThan(0.02);
  expect(pairedBootstrap(a, b)).toEqual(r);
});

it('pairs the units: a shared offset per unit does not widen the interval', () => {
  const a = Array.from({ length: 50 }, (_, i) => i * 10 + 1);
  const b = a.map((v) => v - 1);
  expect(pairedBootstrap(a, b)).toEqual({ mean: 1, low: 1, high: 1 });
});

it('includes zero for differences centred on it and rejects unpaired samples', () => {
  const d = Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1));
  const r = pairedBootstrap(d, new Array<number>(40).fill(0));
  expect(r.low).toBeLessThan(0);
  expect(r.high).toBeGreaterThan(0);
  expect(() => pairedBootstrap([1, 2], [1])).toThrow(/equal length/);
  expect(() => pairedBootstrap([], [])).toThrow(/non-empty/);
});
