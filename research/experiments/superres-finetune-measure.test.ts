import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { writeTinySuperResModel } from '../shared/tiny-superres-model.js';
import { scoreX4 } from './superres-finetune-measure.js';

let pool: InferencePool;

beforeAll(async () => {
  await initAppBackend('wasm');
  pool = createInferencePool({ workers: 1 });
});
afterAll(() => pool.dispose());

it('scores a grid super-resolution model through the upscale path: untrained, it is its Lanczos-3 base', async () => {
  const ref = await writeTinySuperResModel();
  const photo = join(await mkdtemp(join(tmpdir(), 'anp-finetune-measure-')), 'coffee.png');
  await sharp('tests/fixtures/photos/coffee.jpg').resize(64, 64, { fit: 'cover' }).png().toFile(photo);
  const [score] = await scoreX4([ref, ref], [photo], pool);
  expect(score).toMatchObject({ name: 'coffee.png', side: 64 });
  expect(score!.models[0]).toBe(score!.models[1]);
  // The app's base reads Lanczos-3 taps clamped at the edges as the bench's lanczos3 does, nearly.
  expect(Math.abs(score!.models[0]! - score!.lanczos3)).toBeLessThan(0.2);
});
