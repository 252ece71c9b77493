import { describe, expect, it } from 'vitest';
import { upsampleFloat } from '../quality/resample.js';
import {
  axisTaps,
  CONTEXT_FEATURES,
  targetFeatureCount,
  targetPatchOf,
  writeContextFeatures,
  rgbImage,
  writeTarget,
} from './superres-features.js';

function randomImage(width: number, height: number, seed: number) {
  let s = seed;
  const rgb = Float32Array.from({ length: width * height * 3 }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  });
  return rgbImage(width, height, rgb);
}

describe('super-resolution features', () => {
  it.each([2, 2.5, 3, 4])('gives the exact lanczos3 upsample as the base at ×%s', (scale) => {
    const TARGET_FEATURES = targetFeatureCount(4);
    const image = randomImage(9, 7, 5);
    const [outW, outH] = [Math.round(9 * scale), Math.round(7 * scale)];
    const bytes = Uint8Array.from(image.samples, (v) => Math.round(v * 255));
    // The photo's own 8-bit samples, read as colours without a float copy.
    const quantised = { ...image, samples: bytes, scale: 1 / 255 };
    const reference = upsampleFloat(bytes, 9, 7, 3, outW, outH, 'lanczos3');
    const base = new Float32Array(3);
    const features = new Float32Array(TARGET_FEATURES);
    let worst = 0;
    for (let j = 0; j < outH; j++)
      for (let i = 0; i < outW; i++) {
        writeTarget(
          4,
          quantised,
          axisTaps(((i + 0.5) * 9) / outW),
          axisTaps(((j + 0.5) * 7) / outH),
          Math.log2(scale),
          base,
          0,
          features,
          0,
        );
        for (let c = 0; c < 3; c++)
          worst = Math.max(worst, Math.abs(base[c]! * 255 - reference[(j * outW + i) * 3 + c]!));
      }
    expect(worst).toBeLessThan(1e-3);
  });

  it.each([4, 6] as const)(
    'describes a flat image with zeros, and a %s² target by its phase and scale',
    (patch) => {
      const flat = rgbImage(6, 6, new Float32Array(108).fill(0.4));
      const context = new Float32Array(CONTEXT_FEATURES).fill(9);
      writeContextFeatures(flat, 0, 5, context, 0);
      expect(context.every((v) => v === 0)).toBe(true);
      const base = new Float32Array(3);
      const target = new Float32Array(targetFeatureCount(patch));
      writeTarget(patch, flat, axisTaps(2.75), axisTaps(3.5), 2, base, 0, target, 0);
      expect(Array.from(base)).toEqual([0.4, 0.4, 0.4].map((v) => expect.closeTo(v, 6)));
      expect(target.slice(0, -3).every((v) => Math.abs(v) < 1e-6)).toBe(true);
      expect(Array.from(target.slice(-3))).toEqual([
        expect.closeTo(-0.5, 6),
        expect.closeTo(-1, 6),
        expect.closeTo(2 / 3, 6),
      ]);
    },
  );

  it("reads the 6×6 patch's outer ring, which the 4×4 patch leaves out", () => {
    const image = rgbImage(8, 8, new Float32Array(192));
    // A bright column at x = 0: outside the 4×4 patch of a target at u = 3.25, inside its 6×6 patch.
    for (let j = 0; j < 8; j++) for (let c = 0; c < 3; c++) image.samples[j * 24 + c] = 1;
    const lit = (patch: 4 | 6) => {
      const f = new Float32Array(targetFeatureCount(patch));
      writeTarget(patch, image, axisTaps(3.25), axisTaps(4), 2, new Float32Array(3), 0, f, 0);
      return f.slice(0, -3).filter((v) => v > 0).length;
    };
    expect(lit(4)).toBe(0);
    expect(lit(6)).toBe(6 * 3);
    expect(targetPatchOf(targetFeatureCount(6))).toBe(6);
    expect(() => targetPatchOf(52)).toThrow(RangeError);
  });

  it('sees an edge in the neighbourhood of a context pixel', () => {
    const image = rgbImage(5, 5, new Float32Array(75));
    for (let j = 0; j < 5; j++) for (let c = 0; c < 3; c++) image.samples[(j * 5 + 4) * 3 + c] = 1;
    const features = new Float32Array(CONTEXT_FEATURES);
    writeContextFeatures(image, 2, 2, features, 0);
    expect(features.filter((v) => v > 0).length).toBe(5 * 3);
  });
});
