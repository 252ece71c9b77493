import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { writeTinySuperResModel } from '../shared/tiny-superres-model.js';
import { timeEsrganX4, timeModelUpscales } from './upscale-speed.js';

describe('upscale speed rows', () => {
  let dir: string;
  let input: string;
  let pool: InferencePool;

  beforeAll(async () => {
    await initAppBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'anp-upscale-speed-'));
    input = join(dir, 'photo.png');
    await sharp('tests/fixtures/photos/coffee.jpg').resize(20, 20, { fit: 'cover' }).png().toFile(input);
    pool = createInferencePool({ workers: 1 });
  });
  afterAll(() => pool.dispose());

  it("times ×4 and ×3.7 through the app's upscale task, median of the repeats", async () => {
    const model = await writeTinyImageModel();
    const rows = await timeModelUpscales({ model, pool, input, outDir: dir, name: 't', repeats: 2 });
    expect(Object.keys(rows)).toEqual(['x4', 'x3.7']);
    expect(rows.x4!.outputPixels).toBe(80 * 80);
    expect(rows['x3.7']!.outputPixels).toBe(74 * 74);
    for (const row of Object.values(rows)) {
      expect(row.runSeconds).toHaveLength(2);
      expect(row.runSeconds).toContain(row.seconds);
    }
  });

  it('times a grid super-resolution model the same way', async () => {
    const model = await writeTinySuperResModel();
    const rows = await timeModelUpscales({ model, pool, input, outDir: dir, name: 'grid', repeats: 1 });
    expect(rows['x3.7']).toMatchObject({ outputPixels: 74 * 74, runSeconds: [expect.any(Number)] });
  });

  it('times both ESRGANs ×4 on this thread', async () => {
    const rows = await timeEsrganX4(input, 1);
    expect(Object.keys(rows)).toEqual(['ESRGAN-slim', 'ESRGAN-medium']);
    for (const row of Object.values(rows)) expect(row).toMatchObject({ seconds: expect.any(Number) });
  });
});
