import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel, validateConfig, defaultConfig } from '../index.js';
import { randomSet } from '../fixtures/np-data.js';
import { useBackend } from '../fixtures/tf-backend.js';
import { encodedWidth, encodePositions } from './positional.js';

await useBackend('wasm');

describe('sinusoidal position encoding', () => {
  it('keeps x and adds sin / cos of 2^k·π·x per octave', () => {
    const x = tf.tensor3d([[[0.25, -0.5]]]);
    const e = encodePositions(x, 2);
    expect(e.shape).toEqual([1, 1, encodedWidth(2, 2)]);
    const v = Array.from(e.dataSync());
    const expected = [0.25, -0.5];
    for (const k of [0, 1]) {
      const a = [0.25, -0.5].map((u) => Math.PI * 2 ** k * u);
      expected.push(...a.map(Math.sin), ...a.map(Math.cos));
    }
    v.forEach((got, i) => expect(got).toBeCloseTo(expected[i]!, 5));
    tf.dispose([x, e]);
  });

  it('0 octaves is raw x', () => {
    const x = tf.tensor3d([[[0.1, 0.2]]]);
    expect(encodePositions(x, 0)).toBe(x);
    x.dispose();
  });

  it.each(['dot', 'multihead'] as const)('an ANP with %s attention over encoded x predicts', (attention) => {
    const context = randomSet(2, 5, 2, 1, 1);
    const targets = randomSet(2, 7, 2, 1, 2);
    const model = createModel({
      kind: 'anp',
      attention,
      xDim: 2,
      yDim: 1,
      hidden: 16,
      latentDim: 8,
      heads: 4,
      positionBands: 3,
    });
    expect(model.variables()['det/cross/embed/l0/kernel']!.shape).toEqual([encodedWidth(2, 3), 16]);
    const p = model.predict(context, targets);
    expect(p.mean.shape).toEqual([2, 7, 1]);
    expect(Array.from(p.std.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([context.x, context.y, targets.x, targets.y, p.mean, p.std]);
    model.dispose();
  });

  it('is validated, and absent in older configs', () => {
    const base = { ...defaultConfig('anp'), xDim: 2 } as unknown as Record<string, unknown>;
    expect(validateConfig(base).positionBands).toBeUndefined();
    expect(() => validateConfig({ ...base, positionBands: -1 })).toThrow(/positionBands/);
    expect(() => validateConfig({ ...base, positionBands: 2.5 })).toThrow(/positionBands/);
  });
});
