import { describe, expect, it } from 'vitest';
import { gaussianBlur } from '../imaging/blur.js';
import { fitSharpening, unsharp } from './sharpening.js';

function texture(size: number): Float64Array {
  return Float64Array.from({ length: size * size * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    return 128 + 60 * Math.sin((p % size) * 0.7) * Math.cos(Math.floor(p / size) * 0.45);
  });
}

describe('constant sharpening baseline', () => {
  it('blurs a constant image to itself and keeps the mean of a texture', () => {
    const flat = new Float64Array(8 * 8 * 3).fill(77);
    expect(gaussianBlur(flat, 8, 8, 3, 1.5).every((v) => Math.abs(v - 77) < 1e-9)).toBe(true);
    const t = texture(32);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(gaussianBlur(t, 32, 32, 3, 1))).toBeCloseTo(mean(t), 0);
  });

  it('recovers the gain and radius that made the truth from the upsample', () => {
    const up = texture(32);
    const truthFloat = unsharp(up, 32, 32, { gain: 0.7, sigma: 1 });
    const truth = Uint8Array.from(truthFloat, (v) => Math.min(255, Math.max(0, Math.round(v))));
    const fit = fitSharpening([{ truth, up, width: 32, height: 32 }]);
    expect(fit.sigma).toBe(1);
    expect(fit.gain).toBeCloseTo(0.7, 1);
    expect(unsharp(up, 32, 32, { gain: 0, sigma: 1 })).toEqual(up);
  });
});
