/**
 * Square images as sets of pixels: the context / target batches the image experiments (MNIST, photo
 * crops) train and evaluate on. An image is a Float32Array of side² pixels × channels, row-major,
 * channels interleaved, values in [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../models/nn/params.js';
import { pixelCentre } from '../../app/data/coords.js';
import type { TrainBatch } from './train-loop.js';

export interface ImageGrid {
  side: number;
  channels: number;
}

export const pixelCount = (grid: ImageGrid) => grid.side * grid.side;

/** [x, y] = [column, row] pixel centres in [-1, 1] for an n×n grid (the app's convention). */
export function gridCoords(n: number): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[2 * (r * n + c)] = pixelCentre(c, n);
      out[2 * (r * n + c) + 1] = pixelCentre(r, n);
    }
  }
  return out;
}

export function permutation(n: number, rand: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/**
 * Gathers pixels `idx[b]` of each image into x [B, n, 2] and y [B, n, channels]; `coords` are the
 * pixel positions of the images' own grid (default: the side² grid of `grid`).
 */
export function pixelSet(
  images: Float32Array[],
  idx: ArrayLike<number>[],
  grid: ImageGrid,
  coords = gridCoords(grid.side),
) {
  const b = images.length;
  const n = idx[0]!.length;
  const ch = grid.channels;
  const x = new Float32Array(b * n * 2);
  const y = new Float32Array(b * n * ch);
  images.forEach((img, i) => {
    for (let k = 0; k < n; k++) {
      const p = idx[i]![k]!;
      x[2 * (i * n + k)] = coords[2 * p]!;
      x[2 * (i * n + k) + 1] = coords[2 * p + 1]!;
      for (let c = 0; c < ch; c++) y[(i * n + k) * ch + c] = img[p * ch + c]!;
    }
  });
  return { x: tf.tensor3d(x, [b, n, 2]), y: tf.tensor3d(y, [b, n, ch]) };
}

export interface PixelTask {
  batch: number;
  /** Contexts ~ U[minContext, maxContext) pixels, shared by the batch. */
  minContext: number;
  maxContext: number;
  /** Targets: for training the contexts plus this many further random pixels; for evaluation this many other pixels. */
  extraTargets: number;
}

/**
 * A random batch: targets ⊇ contexts for training, or further pixels disjoint from the contexts for
 * evaluation (a random subset: the latent path's self-attention over the targets is quadratic in
 * their number).
 */
export function pixelBatch(
  images: Float32Array[],
  seed: number,
  task: PixelTask,
  targets: 'train' | 'disjoint',
  grid: ImageGrid,
): TrainBatch {
  const rand = mulberry32(seed);
  const pixels = pixelCount(grid);
  const chosen = Array.from({ length: task.batch }, () => images[Math.floor(rand() * images.length)]!);
  const nc = task.minContext + Math.floor(rand() * (task.maxContext - task.minContext));
  const perms = chosen.map(() => permutation(pixels, rand));
  const context = pixelSet(
    chosen,
    perms.map((p) => p.subarray(0, nc)),
    grid,
  );
  const end = Math.min(pixels, nc + task.extraTargets);
  const tIdx = perms.map((p) => (targets === 'train' ? p.subarray(0, end) : p.subarray(nc, end)));
  return { context, targets: pixelSet(chosen, tIdx, grid) };
}
