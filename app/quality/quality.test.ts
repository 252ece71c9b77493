import { describe, expect, it } from 'vitest';
import { boxMask, strokeMask } from './masks.js';
import { psnr } from './psnr.js';
import { upsample } from './resample.js';
import { teleaInpaint } from './telea.js';

describe('quality measures', () => {
  it('PSNR: infinite for equal images, 20·log10(255/e) for a constant error, masked pixels only', () => {
    const a = new Uint8Array(30).fill(100);
    expect(psnr(a, a, 3)).toBe(Infinity);
    const b = a.map((v, i) => (i < 15 ? v + 10 : v));
    expect(psnr(a, b, 3, Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]))).toBeCloseTo(
      20 * Math.log10(255 / 10),
      6,
    );
    expect(psnr(a, b, 3, Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]))).toBe(Infinity);
  });

  it('bicubic and lanczos3 keep flat areas, follow ramps, and differ from each other', () => {
    const w = 16;
    const ramp = Uint8Array.from({ length: w * w }, (_, i) => (i % w) * 10 + 40);
    for (const kernel of ['bicubic', 'lanczos3'] as const) {
      const up = upsample(ramp, w, w, 1, 64, 64, kernel);
      // Mid-image, output column j sits at input x = (j + 0.5)/4 − 0.5.
      for (const j of [20, 33, 41]) expect(up[30 * 64 + j]).toBeCloseTo(((j + 0.5) / 4 - 0.5) * 10 + 40, 0);
      expect(upsample(new Uint8Array(w * w).fill(77), w, w, 1, 40, 40, kernel).every((v) => v === 77)).toBe(
        true,
      );
    }
    const edge = Uint8Array.from({ length: w * w }, (_, i) => (i % w < 8 ? 0 : 255));
    const a = upsample(edge, w, w, 1, 64, 64, 'bicubic');
    const b = upsample(edge, w, w, 1, 64, 64, 'lanczos3');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).not.toBe(0);
  });

  it('OpenCV Telea fills a hole in a flat image with the surrounding colour', async () => {
    const w = 40;
    const rgb = new Uint8Array(w * w * 3);
    for (let i = 0; i < w * w; i++) rgb.set([200, 120, 40], i * 3);
    const hole = boxMask(w, w, 10, 1);
    for (let i = 0; i < w * w; i++) if (hole[i]) rgb.set([0, 0, 0], i * 3);
    const out = await teleaInpaint(rgb, w, w, hole);
    for (let i = 0; i < w * w; i++) {
      if (!hole[i]) continue;
      expect(Math.abs(out[i * 3]! - 200)).toBeLessThan(3);
      expect(Math.abs(out[i * 3 + 2]! - 40)).toBeLessThan(3);
    }
  });

  it('evaluation holes are reproducible from their seed', () => {
    const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
    expect(count(boxMask(512, 512, 64, 9))).toBe(64 * 64);
    expect(Array.from(strokeMask(128, 128, 5))).toEqual(Array.from(strokeMask(128, 128, 5)));
    expect(count(strokeMask(128, 128, 5))).toBeGreaterThan(100);
    expect(Array.from(strokeMask(128, 128, 5))).not.toEqual(Array.from(strokeMask(128, 128, 6)));
  });
});
