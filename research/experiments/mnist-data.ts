import { createRequire } from 'node:module';
import type { ImageGrid } from './pixel-tasks.js';

export const SIDE = 28;
export const MNIST_GRID: ImageGrid = { side: SIDE, channels: 1 };

interface MnistDigit {
  length: number;
  get(index: number): number[];
}

export interface MnistSplit {
  train: Float32Array[];
  trainLabels: Int32Array;
  test: Float32Array[];
  testLabels: Int32Array;
}

/**
 * The `mnist` package's 10,000 digits in a fixed order: round-robin over the classes (the k-th image
 * of each class in turn), so the first 8,000 (train) and last 2,000 (test) both hold every class.
 */
export function loadMnist(): MnistSplit {
  const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const all: Float32Array[] = [];
  const labels: number[] = [];
  const longest = Math.max(...digits.map((d) => d.length));
  for (let k = 0; k < longest; k++) {
    digits.forEach((d, label) => {
      if (k >= d.length) return;
      all.push(Float32Array.from(d.get(k)));
      labels.push(label);
    });
  }
  return {
    train: all.slice(0, 8000),
    trainLabels: Int32Array.from(labels.slice(0, 8000)),
    test: all.slice(8000),
    testLabels: Int32Array.from(labels.slice(8000)),
  };
}
