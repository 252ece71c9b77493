import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePatternPhoto } from '../../tests/fixtures/pattern-photo.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { galleryCases, writeCompletionGallery } from './completion-gallery.js';

describe('completion gallery', () => {
  let pool: InferencePool;
  let dir: string;
  let photo: string;

  beforeAll(async () => {
    pool = createInferencePool({ workers: 1 });
    dir = await mkdtemp(join(tmpdir(), 'anp-gallery-'));
    photo = await writePatternPhoto(join(dir, 'photo.png'), 160, 140);
  });
  afterAll(() => pool.dispose());

  it('a row per case (photos, then structure cases): input with its hole in magenta, mean, 4 samples, σ', async () => {
    const cases = await galleryCases({ photos: [photo], size: 128, box: 32, structureCases: [1] });
    expect(cases.map((c) => c.size)).toEqual([128, 128]);
    const path = join(dir, 'gallery.png');
    const size = await writeCompletionGallery(cases, await writeTinyImageModel(), pool, path);
    expect(size).toEqual({ width: 7 * 128, height: 2 * 128 });
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([7 * 128, 2 * 128]);
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    // The structure case's hole is centred: its middle is magenta in the input column, filled in the mean's.
    expect(pixel(64, 128 + 64)).toEqual([255, 0, 255]);
    expect(pixel(128 + 64, 128 + 64)).not.toEqual([255, 0, 255]);
    expect(pixel(5, 128 + 5)).toEqual([...cases[1]!.truth.subarray(5 * 128 * 3 + 15, 5 * 128 * 3 + 18)]);
  });
});
