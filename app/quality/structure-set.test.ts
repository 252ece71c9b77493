import { describe, expect, it } from 'vitest';
import { STRUCTURE_CASES, STRUCTURE_HOLE, STRUCTURE_SIZE, structureSet } from './structure-set.js';

const luma = (rgb: Uint8Array, i: number) =>
  0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;

describe('structure set', () => {
  const cases = structureSet();

  it('is 24 seeded cases, edges and lines alternating, each with the centred 48×48 hole', () => {
    expect(cases).toHaveLength(STRUCTURE_CASES);
    expect(cases.map((c) => c.name.split('-')[0])).toEqual(
      Array.from({ length: STRUCTURE_CASES }, (_, i) => (i % 2 ? 'line' : 'edge')),
    );
    expect(new Set(cases.map((c) => c.name.split('-')[2]))).toEqual(new Set(['grey', 'colour']));
    expect(structureSet(3).map((c) => Array.from(c.truth))).toEqual(
      cases.slice(0, 3).map((c) => Array.from(c.truth)),
    );
    const start = (STRUCTURE_SIZE - STRUCTURE_HOLE) / 2;
    for (const c of cases) {
      expect(c.size).toBe(STRUCTURE_SIZE);
      expect(c.truth).toHaveLength(STRUCTURE_SIZE * STRUCTURE_SIZE * 3);
      expect(c.hole.reduce((a, b) => a + b, 0)).toBe(STRUCTURE_HOLE * STRUCTURE_HOLE);
      expect(c.hole[start * STRUCTURE_SIZE + start]).toBe(1);
      expect(c.hole[(start + STRUCTURE_HOLE) * STRUCTURE_SIZE + start + STRUCTURE_HOLE]).toBe(0);
    }
  });

  it('puts both sides of the structure inside the hole, ≥ 60 levels apart, under noise of ≤ 3 levels', () => {
    for (const c of cases) {
      const inHole = [...c.hole.keys()].filter((i) => c.hole[i]).map((i) => luma(c.truth, i));
      expect(quantile(inHole, 0.97) - quantile(inHole, 0.03), c.name).toBeGreaterThan(54);
      // Gaussian noise of σ gives a median |horizontal difference| of 0.95σ; the structure's few pixels hardly move it.
      const steps: number[] = [];
      for (let i = 0; i < c.truth.length - 3; i++)
        if (Math.floor(i / 3) % STRUCTURE_SIZE < STRUCTURE_SIZE - 1)
          steps.push(Math.abs(c.truth[i + 3]! - c.truth[i]!));
      expect(quantile(steps, 0.5), c.name).toBeLessThanOrEqual(3.5);
    }
  });
});
