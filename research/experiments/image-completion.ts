/**
 * Whole-image completion from a number of random context pixels: the model's mean at every pixel of
 * the grid (context pixels included: nothing is pasted back), its PSNR against the true image, and the
 * NLL of the true image given the context.
 */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/index.js';
import { mulberry32 } from '../../models/nn/params.js';
import { gridCoords, type ImageGrid, permutation, pixelCount, pixelSet } from './pixel-tasks.js';

export interface ContextCount {
  label: string;
  count: number;
}

/** The paper's context sizes: 10, 100, half and all of the pixels. */
export function contextCounts(grid: ImageGrid): ContextCount[] {
  const pixels = pixelCount(grid);
  return [
    { label: '10', count: 10 },
    { label: '100', count: 100 },
    { label: `half (${pixels / 2})`, count: pixels / 2 },
    { label: `all (${pixels})`, count: pixels },
  ];
}

/** The context pixels of test image `index`: the first `count` of a permutation seeded by it. */
export function contextPixels(grid: ImageGrid, index: number, count: number, seed: number): Int32Array {
  return permutation(pixelCount(grid), mulberry32(seed + index)).subarray(0, count);
}

/**
 * Images per batch for `points` context + target points: 16, or for a model with attention fewer,
 * since its attention holds batch × heads × points² weights (kept under about 16 × 400²).
 */
export function batchFor(model: NeuralProcess, points: number): number {
  const { attention, selfAttentionLayers } = model.config;
  if (attention === 'uniform' && selfAttentionLayers === 0) return 16;
  return Math.max(1, Math.min(16, Math.floor(16 * (400 / points) ** 2)));
}

function batches<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

const allPixels = (grid: ImageGrid) => Int32Array.from({ length: pixelCount(grid) }, (_, i) => i);

/**
 * The mean prediction at every pixel of each image (`index` = the image's test index, which seeds its
 * context) from `count` context pixels.
 */
export function completeImages(
  model: NeuralProcess,
  images: Float32Array[],
  grid: ImageGrid,
  count: number,
  seed: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  const coords = gridCoords(grid.side);
  const indices = images.map((_, i) => i);
  for (const part of batches(indices, batchFor(model, count + pixelCount(grid)))) {
    const mean = tf.tidy(() => {
      const context = pixelSet(
        part.map((i) => images[i]!),
        part.map((i) => contextPixels(grid, i, count, seed)),
        grid,
      );
      const x = tf.tensor3d(coords, [1, pixelCount(grid), 2]).tile([part.length, 1, 1]) as tf.Tensor3D;
      return model.predict(context, { x }).mean;
    });
    const values = mean.dataSync() as Float32Array;
    mean.dispose();
    const size = pixelCount(grid) * grid.channels;
    part.forEach((_, j) => out.push(values.slice(j * size, (j + 1) * size)));
  }
  return out;
}

/**
 * NLL per pixel (channels summed, nats) of every pixel of each image given `count` context pixels
 * (latent models: importance-sampled with `samples` draws).
 */
export async function completionNll(
  model: NeuralProcess,
  images: Float32Array[],
  grid: ImageGrid,
  count: number,
  seed: number,
  samples: number,
): Promise<number> {
  let sum = 0;
  const everyPixel = allPixels(grid);
  const indices = images.map((_, i) => i);
  for (const part of batches(indices, batchFor(model, count + 2 * pixelCount(grid)))) {
    const chosen = part.map((i) => images[i]!);
    const context = pixelSet(
      chosen,
      part.map((i) => contextPixels(grid, i, count, seed)),
      grid,
    );
    const targets = pixelSet(
      chosen,
      part.map(() => everyPixel),
      grid,
    );
    const r = await model.evaluate(context, targets, samples);
    sum += r.targetNll * part.length;
    tf.dispose([context.x, context.y, targets.x, targets.y]);
  }
  return sum / images.length;
}

/** PSNR in dB of `estimate` against `truth`, both in [0, 1] (the estimate clipped to it first). */
export function psnr(estimate: ArrayLike<number>, truth: ArrayLike<number>): number {
  let se = 0;
  for (let i = 0; i < truth.length; i++) {
    const e = Math.min(1, Math.max(0, estimate[i]!)) - truth[i]!;
    se += e * e;
  }
  return 10 * Math.log10(truth.length / Math.max(se, 1e-12));
}
