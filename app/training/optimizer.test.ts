import { describe, expect, it } from 'vitest';
import { adamStep, averageGradients, clipGlobalNorm, createAdamState } from './optimizer.js';
import { learningRateAt } from './schedule.js';

describe('optimizer', () => {
  it('clips by the global norm across all tensors', () => {
    const grads = [new Float32Array([3, 0]), new Float32Array([4])];
    expect(clipGlobalNorm(grads, 1)).toBeCloseTo(5);
    expect([...grads[0]!, ...grads[1]!].map((v) => +v.toFixed(5))).toEqual([0.6, 0, 0.8]);
    const small = [new Float32Array([0.1])];
    clipGlobalNorm(small, 1);
    expect(small[0]![0]).toBeCloseTo(0.1);
  });

  it("Adam's first step moves each weight by the learning rate against the gradient's sign", () => {
    const w = [new Float32Array([1, 1, 1])];
    const state = createAdamState(w);
    adamStep(w, [new Float32Array([2, -0.5, 0])], state, 0.1);
    expect([...w[0]!].map((v) => +v.toFixed(4))).toEqual([0.9, 1.1, 1]);
    expect(state.t).toBe(1);
  });

  it('minimises a quadratic', () => {
    const w = [new Float32Array([5, -3])];
    const state = createAdamState(w);
    for (let i = 0; i < 500; i++) adamStep(w, [w[0]!.map((x) => 2 * x)], state, 0.05);
    for (const x of w[0]!) expect(Math.abs(x)).toBeLessThan(0.05);
  });

  it('averages gradients element-wise', () => {
    const avg = averageGradients([[new Float32Array([1, 2])], [new Float32Array([3, 6])]]);
    expect([...avg[0]!]).toEqual([2, 4]);
  });
});

describe('learning-rate schedule', () => {
  const s = { peak: 1e-3, warmupSteps: 10, totalSteps: 110, finalFraction: 0.1 };
  it('warms up linearly, peaks, then decays by a cosine to the floor', () => {
    expect(learningRateAt(0, s)).toBeCloseTo(1e-4);
    expect(learningRateAt(9, s)).toBeCloseTo(1e-3);
    expect(learningRateAt(10, s)).toBeCloseTo(1e-3);
    expect(learningRateAt(60, s)).toBeCloseTo(0.55e-3);
    expect(learningRateAt(110, s)).toBeCloseTo(1e-4);
    expect(learningRateAt(500, s)).toBeCloseTo(1e-4);
  });
});
