import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { createInferencePool, type InferencePool } from '../compute/index.js';
import { NEVER_ABORTED, type ModelRef } from '../util/task.js';
import type { UpscaleSize } from '../api/output-size.js';
import { runUpscale } from './upscale.js';
import { previewUpscale, timeUpscale } from './upscale-preview.js';

const SUPERRES: ModelRef = {
  id: 'photo-superres',
  dir: fileURLToPath(new URL('../../models/pretrained/photo-superres', import.meta.url)),
};

describe('previewUpscale', () => {
  let pool: InferencePool;
  let dir: string;
  let input: string;
  let sharpened: ModelRef;

  beforeAll(async () => {
    pool = createInferencePool({ workers: 2 });
    dir = await mkdtemp(join(tmpdir(), 'anp-preview-'));
    input = join(dir, 'in.png');
    const data = Buffer.alloc(40 * 30 * 3);
    for (let i = 0; i < 40 * 30; i++) data.set([(i * 7) % 256, (i * 13) % 256, (i % 40) * 6], i * 3);
    await sharp(data, { raw: { width: 40, height: 30, channels: 3 } })
      .png()
      .toFile(input);
    sharpened = await writeTinyImageModel(32, 'sharpened');
  });
  afterAll(() => pool.dispose());

  const pixels = async (path: string) => {
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, channels: info.channels };
  };

  async function expectSameAsWhole(model: ModelRef, size: UpscaleSize, name: string) {
    const options = { input, size, model, pool, signal: NEVER_ABORTED };
    const whole = await pixels(
      (await runUpscale({ ...options, outPath: join(dir, `${name}.png`), onProgress: () => undefined })).path,
    );
    const region = { x: 9, y: 5, width: 37, height: 23 };
    const preview = await previewUpscale({ ...options, region, outPath: join(dir, `${name}-region.png`) });
    const part = await pixels(preview.path);
    expect([part.width, part.channels]).toEqual([region.width, 3]);
    let differing = 0;
    for (let j = 0; j < region.height; j++) {
      for (let i = 0; i < region.width * 3; i++) {
        const a = part.data[j * region.width * 3 + i];
        const b = whole.data[((region.y + j) * whole.width + region.x) * 3 + i];
        if (a !== b) differing++;
      }
    }
    // The region's tiles are blended exactly as in the whole image.
    expect(differing).toBe(0);
    expect(preview.tiles).toBeGreaterThan(0);
    expect(preview.seconds).toBeGreaterThan(0);
  }

  it('gives a region exactly the pixels the whole upscale writes there (interpolation base, ×2)', () =>
    expectSameAsWhole(sharpened, { kind: 'scale', scale: 2 }, 'sharpened-x2'));

  it.skipIf(!existsSync(join(SUPERRES.dir, 'manifest.json')))(
    'and for a model that takes super-resolution features, at a fractional exact size',
    () => expectSameAsWhole(SUPERRES, { kind: 'exact', width: 131, height: 97 }, 'superres'),
  );

  it('times a plan on a sample: seconds per tile with every thread working', async () => {
    const seconds = await timeUpscale({
      input,
      size: { kind: 'scale', scale: 4 },
      model: sharpened,
      pool,
      signal: NEVER_ABORTED,
    });
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(1);
  });
});
