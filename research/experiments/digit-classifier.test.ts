import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  accuracy,
  loadDigitClassifier,
  saveDigitClassifier,
  trainDigitClassifier,
} from './digit-classifier.js';
import { loadMnist } from './mnist-data.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

await useBackend('wasm');
const data = loadMnist();

it('counts the share of right answers, and refuses mismatched lengths', () => {
  expect(accuracy(Int32Array.from([1, 2, 3, 4]), [1, 2, 0, 4])).toBe(0.75);
  expect(() => accuracy(Int32Array.from([1]), [1, 2])).toThrow('as many predictions as labels');
});

it('learns digits from a tiny training set, one class per image, and saves and loads unchanged', async () => {
  const train = data.train.slice(0, 1000);
  const classifier = trainDigitClassifier(train, data.trainLabels.slice(0, 1000), {
    hidden: 32,
    epochs: 6,
    batch: 50,
    learningRate: 3e-3,
    seed: 1,
  });
  const test = data.test.slice(0, 300);
  const predicted = classifier.classify(test);
  expect(predicted).toHaveLength(300);
  expect(Math.min(...predicted)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...predicted)).toBeLessThanOrEqual(9);
  expect(accuracy(classifier.classify(train), data.trainLabels.slice(0, 1000))).toBeGreaterThan(0.9);
  expect(accuracy(predicted, data.testLabels.slice(0, 300))).toBeGreaterThan(0.75);

  const dir = await mkdtemp(join(tmpdir(), 'anp-classifier-'));
  const path = join(dir, 'nested', 'classifier.json');
  await saveDigitClassifier(path, classifier);
  const loaded = (await loadDigitClassifier(path))!;
  expect(Array.from(loaded.classify(test))).toEqual(Array.from(predicted));
  expect(await loadDigitClassifier(join(dir, 'missing.json'))).toBeNull();
  classifier.dispose();
  loaded.dispose();
  await rm(dir, { recursive: true, force: true });
});
