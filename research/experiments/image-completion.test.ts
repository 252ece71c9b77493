import { expect, it } from 'vitest';
import {
  batchFor,
  completeImages,
  completionNll,
  contextCounts,
  contextPixels,
  psnr,
} from './image-completion.js';
import { downsample } from './image-figures.js';
import { cutCrop, mostVariedCrops } from './photo-crops-data.js';
import { createAppModel } from '../../app/model-factory.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

await useBackend('wasm');
const grid = { side: 6, channels: 3 };

it("uses the paper's context sizes: 10, 100, half and all of the pixels", () => {
  expect(contextCounts({ side: 28, channels: 1 }).map((c) => c.count)).toEqual([10, 100, 392, 784]);
  expect(contextCounts({ side: 32, channels: 3 }).map((c) => c.label)).toEqual([
    '10',
    '100',
    'half (512)',
    'all (1024)',
  ]);
});

it('gives each test image its own context, the same every time, nested across sizes', () => {
  const a = contextPixels(grid, 3, 10, 7);
  expect(new Set(a).size).toBe(10);
  expect(Array.from(contextPixels(grid, 3, 10, 7))).toEqual(Array.from(a));
  expect(Array.from(contextPixels(grid, 3, 20, 7).subarray(0, 10))).toEqual(Array.from(a));
  expect(Array.from(contextPixels(grid, 4, 10, 7))).not.toEqual(Array.from(a));
});

it('shrinks the batch as the attention grows, for models with attention only', () => {
  const np = createAppModel({ kind: 'np', xDim: 2, yDim: 1, hidden: 8, latentDim: 4 });
  const anp = createAppModel({ kind: 'anp', xDim: 2, yDim: 1, hidden: 8, latentDim: 4, heads: 2 });
  expect(batchFor(np, 5000)).toBe(16);
  expect(batchFor(anp, 100)).toBe(16);
  expect(batchFor(anp, 800)).toBe(4);
  expect(batchFor(anp, 5000)).toBe(1);
  np.dispose();
  anp.dispose();
});

it('measures PSNR in dB for values in [0, 1], clipping the estimate', () => {
  expect(psnr([0.1, 0.1], [0, 0])).toBeCloseTo(20, 6);
  expect(psnr([1.5, 0], [1, 0])).toBeGreaterThan(100);
});

it('completes every pixel of every image, and scores the NLL of all of them', async () => {
  const model = createAppModel({ kind: 'np', xDim: 2, yDim: 3, hidden: 8, latentDim: 4, encoderLayers: 1 });
  const images = Array.from({ length: 3 }, (_, i) => new Float32Array(36 * 3).fill(i / 3));
  const completions = completeImages(model, images, grid, 5, 1);
  expect(completions).toHaveLength(3);
  expect(completions[0]).toHaveLength(36 * 3);
  const nll = await completionNll(model, images, grid, 36, 1, 2);
  expect(Number.isFinite(nll)).toBe(true);
  model.dispose();
});

it('box-downsamples every channel and cuts mirrored crops', () => {
  const image = Float32Array.from({ length: 16 * 3 }, (_, i) => (i % 3 === 0 ? 1 : 0.5));
  const small = downsample(image, { side: 4, channels: 3 }, 2);
  expect(Array.from(small)).toEqual([1, 0.5, 0.5, 1, 0.5, 0.5, 1, 0.5, 0.5, 1, 0.5, 0.5]);
  const raster = { width: 3, height: 2, data: Float32Array.from({ length: 18 }, (_, i) => i) };
  expect(Array.from(cutCrop(raster, 1, 0, 2, false))).toEqual([3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17]);
  expect(Array.from(cutCrop(raster, 1, 0, 2, true))).toEqual([6, 7, 8, 3, 4, 5, 15, 16, 17, 12, 13, 14]);
});

it('shows the most varied crop of each photo, most varied first', () => {
  const flat = new Float32Array(4).fill(0.5);
  const some = Float32Array.from([0, 1, 0, 1]);
  const less = Float32Array.from([0.4, 0.6, 0.4, 0.6]);
  expect(mostVariedCrops([flat, less, flat, some, less, flat], 2, 2)).toEqual([3, 1]);
});
