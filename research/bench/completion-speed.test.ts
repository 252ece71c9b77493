import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePatternPhoto } from '../../tests/fixtures/pattern-photo.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { prepareCompletionSpeedInput, SPEED_PHOTO, timeCompletion } from './completion-speed.js';

describe('completion speed row', () => {
  let pool: InferencePool;
  let dir: string;
  let photo: string;

  beforeAll(async () => {
    pool = createInferencePool({ workers: 1 });
    dir = await mkdtemp(join(tmpdir(), 'anp-completion-speed-'));
    photo = await writePatternPhoto(join(dir, 'photo.png'), 60, 40);
  });
  afterAll(() => pool.dispose());

  it('times 4 samples of a centred hole, median of the runs (a tiny photo here; 1728×1152 in the bench)', async () => {
    expect(SPEED_PHOTO.width * SPEED_PHOTO.height).toBeGreaterThan(1.99e6);
    const input = await prepareCompletionSpeedInput(dir, photo, { width: 72, height: 48, hole: 16 });
    expect(await sharp(input.input).metadata()).toMatchObject({ width: 72, height: 48 });
    const { data, info } = await sharp(input.mask).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect([at(28, 16), at(43, 31), at(27, 16), at(28, 15), at(44, 31)]).toEqual([255, 255, 0, 0, 0]);
    const outDir = join(dir, 'out');
    const timing = await timeCompletion(
      { model: await writeTinyImageModel(), pool, outDir, repeats: 3 },
      input,
    );
    expect(timing.runSeconds).toHaveLength(3);
    expect(timing.seconds).toBe([...timing.runSeconds].sort((a, b) => a - b)[1]);
    expect(timing.cpuSeconds).toBeGreaterThan(0);
    expect((await readdir(outDir)).sort()).toEqual(
      ['mean.png', 'sample-1.png', 'sample-2.png', 'sample-3.png', 'sample-4.png', 'uncertainty.png'].sort(),
    );
  });
});
