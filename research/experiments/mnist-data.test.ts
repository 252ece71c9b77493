import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { IMAGE_TASK } from './image-training.js';
import { loadMnist, MNIST_GRID } from './mnist-data.js';
import { gridCoords, pixelBatch } from './pixel-tasks.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

await useBackend('wasm');
const data = loadMnist();

it('splits the 10,000 digits 8,000 / 2,000 with values in [0, 1]', () => {
  expect(data.train).toHaveLength(8000);
  expect(data.test).toHaveLength(2000);
  expect(Array.from(data.trainLabels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  expect(data.testLabels).toHaveLength(2000);
  expect(data.train[0]).toHaveLength(784);
  expect(Math.max(...data.test[5]!)).toBeLessThanOrEqual(1);
  expect(Math.min(...data.test[5]!)).toBeGreaterThanOrEqual(0);
});

it('uses pixel centres in [-1, 1], x = column', () => {
  const c = gridCoords(4);
  expect(Array.from(c.subarray(0, 4))).toEqual([-0.75, -0.75, -0.25, -0.75]);
});

it('batches: training targets contain the contexts, evaluation targets are other pixels', () => {
  const train = pixelBatch(data.train, 1, IMAGE_TASK, 'train', MNIST_GRID);
  const n = train.context.x.shape[1];
  expect(train.targets.x.shape[1]).toBe(n + IMAGE_TASK.extraTargets);
  const same = tf.tidy(
    () =>
      tf
        .sub(train.targets.y.slice([0, 0, 0], [-1, n, -1]), train.context.y)
        .abs()
        .max()
        .dataSync()[0],
  );
  expect(same).toBe(0);
  const test = pixelBatch(data.test, 1, IMAGE_TASK, 'disjoint', MNIST_GRID);
  expect(test.targets.x.shape).toEqual([16, IMAGE_TASK.extraTargets, 2]);
  const cx = test.context.x.arraySync()[0]!.map((p) => p.join());
  const tx = test.targets.x.arraySync()[0]!.map((p) => p.join());
  expect(tx.filter((p) => cx.includes(p))).toEqual([]);
  tf.dispose([train.context.x, train.context.y, train.targets.x, train.targets.y]);
  tf.dispose([test.context.x, test.context.y, test.targets.x, test.targets.y]);
});
