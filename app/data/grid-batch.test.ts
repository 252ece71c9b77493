import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID_BATCH_OPTIONS, sampleBlob, sampleGridBatch } from './grid-batch.js';
import type { CachedPhoto } from './photo-folder.js';
import { Rng } from './rng.js';

const photo: CachedPhoto = {
  name: 'ramp.png',
  fullWidth: 96,
  fullHeight: 80,
  preview: {
    width: 96,
    height: 80,
    data: Uint8Array.from({ length: 96 * 80 * 3 }, (_, i) => (i * 7) % 256),
  },
  patches: [],
};

describe('grid training batches', () => {
  it('give every window a hole, targets only inside it, revealed pixels known, and repeat with the RNG', () => {
    const options = {
      ...DEFAULT_GRID_BATCH_OPTIONS,
      window: { ...DEFAULT_GRID_BATCH_OPTIONS.window, size: 32 },
    };
    const a = sampleGridBatch([photo], 6, new Rng(3), options);
    const b = sampleGridBatch([photo], 6, new Rng(3), options);
    expect(a).toEqual(b);
    expect(a.y.length).toBe(6 * 32 * 32 * 3);
    for (let w = 0; w < 6; w++) {
      const known = a.known.subarray(w * 1024, (w + 1) * 1024);
      const targets = a.targets.subarray(w * 1024, (w + 1) * 1024);
      expect(targets.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
      // A target is never known; revealed hole pixels are known and no target.
      targets.forEach((t, i) => expect(t + known[i]!).toBeLessThanOrEqual(1));
    }
    expect(a.y.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('reveal part of a hole: the same window and hole keep fewer targets, all of them unknown', () => {
    const take = (revealShare: number) =>
      sampleGridBatch([photo], 1, new Rng(11), {
        ...DEFAULT_GRID_BATCH_OPTIONS,
        revealShare,
        maxRevealed: 0.3,
      });
    const [plain, revealed] = [take(0), take(1)];
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(plain.targets)).toBe(4096 - sum(plain.known));
    expect(sum(revealed.targets)).toBeLessThan(sum(plain.targets));
    expect(sum(revealed.targets)).toBe(4096 - sum(revealed.known));
    expect(revealed.y).toEqual(plain.y);
  });

  it('draw blobs that cover a real but partial share of the window', () => {
    const rng = new Rng(9);
    for (let k = 0; k < 20; k++) {
      const share = sampleBlob(64, rng).reduce((s, v) => s + v, 0) / 4096;
      expect(share).toBeGreaterThan(0.02);
      expect(share).toBeLessThan(0.6);
    }
  });
});
