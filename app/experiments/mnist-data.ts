import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../models/nn/params.js';
import { pixelCentre } from '../data/coords.js';
import type { TrainBatch } from './train-loop.js';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

interface MnistDigit {
  length: number;
  get(index: number): number[];
}

/**
 * The `mnist` package's 10,000 digits in a fixed order: round-robin over the classes (the k-th image
 * of each class in turn), so the first 8,000 (train) and last 2,000 (test) both hold every class.
 */
export function loadMnist(): { train: Float32Array[]; test: Float32Array[] } {
  const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const all: Float32Array[] = [];
  const longest = Math.max(...digits.map((d) => d.length));
  for (let k = 0; k < longest; k++) {
    for (const d of digits) if (k < d.length) all.push(Float32Array.from(d.get(k)));
  }
  return { train: all.slice(0, 8000), test: all.slice(8000) };
}

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

const COORDS = gridCoords(SIDE);

export function permutation(n: number, rand: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Gathers pixels `idx[b]` of each image into x [B, n, 2] and y [B, n, 1]. */
export function pixelSet(images: Float32Array[], idx: ArrayLike<number>[], coords = COORDS) {
  const b = images.length;
  const n = idx[0]!.length;
  const x = new Float32Array(b * n * 2);
  const y = new Float32Array(b * n);
  images.forEach((img, i) => {
    for (let k = 0; k < n; k++) {
      const p = idx[i]![k]!;
      x[2 * (i * n + k)] = coords[2 * p]!;
      x[2 * (i * n + k) + 1] = coords[2 * p + 1]!;
      y[i * n + k] = img[p]!;
    }
  });
  return { x: tf.tensor3d(x, [b, n, 2]), y: tf.tensor3d(y, [b, n, 1]) };
}

export interface PixelTask {
  batch: number;
  /** Contexts ~ U[minContext, maxContext) pixels, shared by the batch. */
  minContext: number;
  maxContext: number;
  /** Targets: for training the contexts plus this many further random pixels; for evaluation this many other pixels. */
  extraTargets: number;
}

export const MNIST_TASK: PixelTask = { batch: 16, minContext: 3, maxContext: 150, extraTargets: 100 };

/**
 * A random batch: targets ⊇ contexts for training, or further pixels disjoint from the contexts for
 * evaluation (a random subset: the latent path's self-attention over C ∪ T is quadratic in its size).
 */
export function pixelBatch(
  images: Float32Array[],
  seed: number,
  task: PixelTask,
  targets: 'train' | 'disjoint',
): TrainBatch {
  const rand = mulberry32(seed);
  const chosen = Array.from({ length: task.batch }, () => images[Math.floor(rand() * images.length)]!);
  const nc = task.minContext + Math.floor(rand() * (task.maxContext - task.minContext));
  const perms = chosen.map(() => permutation(PIXELS, rand));
  const context = pixelSet(
    chosen,
    perms.map((p) => p.subarray(0, nc)),
  );
  const end = Math.min(PIXELS, nc + task.extraTargets);
  const tIdx = perms.map((p) => (targets === 'train' ? p.subarray(0, end) : p.subarray(nc, end)));
  return { context, targets: pixelSet(chosen, tIdx) };
}
