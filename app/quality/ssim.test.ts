import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../models/index.js';
import { ssim } from './ssim.js';

const C1 = (0.01 * 255) ** 2;

describe('SSIM', () => {
  const w = 24;
  const h = 20;
  const noise = (seed: number, amplitude: number) => {
    const random = mulberry32(seed);
    return Uint8Array.from({ length: w * h * 3 }, () => 128 + Math.round((random() - 0.5) * amplitude));
  };

  it('is 1 for equal images and, on flat ones, the luminance term alone', () => {
    const a = noise(1, 80);
    expect(ssim(a, a, w, h, 3)).toBeCloseTo(1, 12);
    const flat = (v: number) => new Uint8Array(w * h).fill(v);
    expect(ssim(flat(100), flat(110), w, h, 1)).toBeCloseTo(
      (2 * 100 * 110 + C1) / (100 ** 2 + 110 ** 2 + C1),
      12,
    );
  });

  it('falls with noise, goes negative for an inverted pattern, and counts masked pixels only', () => {
    const a = noise(2, 100);
    const slight = Uint8Array.from(a, (v, i) => v + (i % 2 ? 3 : -3));
    const inverted = Uint8Array.from(a, (v) => 256 - v);
    const strong = noise(3, 100);
    expect(ssim(a, slight, w, h, 3)).toBeGreaterThan(ssim(a, strong, w, h, 3));
    expect(ssim(a, inverted, w, h, 3)).toBeLessThan(-0.5);
    // Wrong only in the left half: the right half alone scores 1.
    const half = Uint8Array.from(a, (v, i) => (Math.floor(i / 3) % w < w / 2 ? 255 - v : v));
    const right = Uint8Array.from({ length: w * h }, (_, i) => (i % w >= w / 2 + 6 ? 1 : 0));
    expect(ssim(a, half, w, h, 3, right)).toBeCloseTo(1, 12);
    expect(ssim(a, half, w, h, 3)).toBeLessThan(0.5);
    expect(() => ssim(a, a, w, h, 3, new Uint8Array(w * h))).toThrow(/no pixels/);
  });

  it('a small mask scores its pixels as they score within the whole image (the crop to them is exact)', () => {
    const a = noise(4, 120);
    const b = noise(5, 120);
    const inner = Uint8Array.from({ length: w * h }, (_, i) => {
      const [x, y] = [i % w, Math.floor(i / w)];
      return x >= 9 && x < 14 && y >= 7 && y < 11 ? 1 : 0;
    });
    const rest = inner.map((v) => 1 - v);
    const whole = ssim(a, b, w, h, 3);
    const parts = (ssim(a, b, w, h, 3, inner) * 20 + ssim(a, b, w, h, 3, rest) * (w * h - 20)) / (w * h);
    expect(parts).toBeCloseTo(whole, 12);
  });
});
