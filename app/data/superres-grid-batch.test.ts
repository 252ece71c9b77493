import { beforeAll, describe, expect, it } from 'vitest';
import { tinySuperResRecipe, writeTinyPhotos } from '../training/fixtures/tiny-training.js';
import { loadPhotoFolder, type CachedPhoto } from './photo-folder.js';
import { Rng } from './rng.js';
import { sampleSuperResGridBatch } from './superres-grid-batch.js';

let photos: CachedPhoto[];

beforeAll(async () => {
  photos = (await loadPhotoFolder(await writeTinyPhotos(), { maxSide: 64 })).train;
});

describe('super-resolution grid batches', () => {
  const options = tinySuperResRecipe(1).batch;

  it('fills every slot at factors ≥ 2 with targets near their Lanczos base, offsets inside their anchor', () => {
    const b = sampleSuperResGridBatch(photos, 4, new Rng(5), options);
    expect(b).toMatchObject({ batch: 4, side: 12, anchors: 6, margin: 3, slots: 4 });
    expect(b.low).toHaveLength(4 * 12 * 12 * 3);
    expect(b.mask.every((m) => m === 1)).toBe(true);
    expect(b.offset.every((o) => o >= -0.5 && o < 0.5)).toBe(true);
    for (let i = 0; i < 4; i++) expect(1 / b.cell[2 * i]!).toBeGreaterThanOrEqual(2 - 0.1);
    // Targets sit where their base was interpolated: a shifted base would be far off on these stripes.
    let error = 0;
    for (let k = 0; k < b.y.length; k++) error += Math.abs(b.y[k]! - b.base[k]!);
    expect(error / b.y.length).toBeLessThan(0.05);
    expect(b.low.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('is deterministic given the generator and leaves slots empty where an anchor owns fewer pixels', () => {
    const a = sampleSuperResGridBatch(photos, 2, new Rng(9), options);
    const again = sampleSuperResGridBatch(photos, 2, new Rng(9), options);
    expect([...again.y]).toEqual([...a.y]);
    const small = sampleSuperResGridBatch(photos, 2, new Rng(9), {
      ...options,
      minFactor: 1.2,
      maxFactor: 1.2,
    });
    const filled = small.mask.reduce((s, m) => s + m, 0);
    expect(filled).toBeLessThan(small.mask.length);
    expect(filled).toBeGreaterThanOrEqual(small.mask.length / 4);
  });
});
