/**
 * `anp bench small-cnn`: trains the ablation's plain CNN (small-cnn.ts) on the training photos — the
 * same photo cache, windows and antialiased cubic downscale the super-resolution model trains on —
 * with the project's Adam, clipping and warm-up + cosine schedule, for a wall-time budget, on one
 * thread. L1 loss on the output, as the issue asks. Writes the weights to
 * research/results/small-cnn-x4 and the run's record to research/results/small-cnn.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { parseArgs } from '../../app/util/args.js';
import { loadPhotoFolder, type CachedPhoto } from '../../app/data/photo-folder.js';
import { resampleRgb } from '../../app/data/resample.js';
import { Rng } from '../../app/data/rng.js';
import { DEFAULT_WINDOW_OPTIONS, sampleWindow } from '../../app/data/windows.js';
import { machineInfo } from '../shared/machine.js';
import { RESULTS_DIR, resultsPath } from '../shared/results.js';
import { DEFAULT_PHOTOS } from '../shared/photo-corpus.js';
import { toBytes, upsampleFloat } from '../../app/quality/resample.js';
import { adamStep, clipGlobalNorm, createAdamState } from '../../app/training/optimizer.js';
import { writeFileAtomic } from '../../app/util/atomic-write.js';
import { learningRateAt } from '../../app/training/schedule.js';
import { CNN_SCALE, serializeSmallCnn, SMALL_CNN, SmallCnn } from './small-cnn.js';

export const SMALL_CNN_DIR = resultsPath('small-cnn-x4');
const RESULTS = resultsPath('small-cnn.json');
/** Low-resolution side of a training crop (96 output pixels at ×4). */
const LOW = 24;

interface CnnBatch {
  low: tf.Tensor4D;
  base: tf.Tensor4D;
  truth: tf.Tensor4D;
}

/** Crops as the evaluation makes them: 8-bit low-resolution copy by the cubic, bicubic back up. */
function sampleCnnBatch(photos: readonly CachedPhoto[], size: number, rng: Rng): CnnBatch {
  const high = LOW * CNN_SCALE;
  const low = new Float32Array(size * LOW * LOW * 3);
  const base = new Float32Array(size * high * high * 3);
  const truth = new Float32Array(size * high * high * 3);
  for (let b = 0; b < size; b++) {
    const window = sampleWindow(photos, rng, { ...DEFAULT_WINDOW_OPTIONS, size: high });
    const region = { x: 0, y: 0, w: high, h: high };
    const bytes = toBytes(resampleRgb(window.pixels, high, region, LOW, LOW, 255, 'cubic'));
    low.set(
      Float32Array.from(bytes, (v) => v / 255),
      b * LOW * LOW * 3,
    );
    const up = upsampleFloat(bytes, LOW, LOW, 3, high, high, 'bicubic');
    base.set(
      Float32Array.from(up, (v) => v / 255),
      b * high * high * 3,
    );
    truth.set(window.pixels, b * high * high * 3);
  }
  return {
    low: tf.tensor4d(low, [size, LOW, LOW, 3]),
    base: tf.tensor4d(base, [size, high, high, 3]),
    truth: tf.tensor4d(truth, [size, high, high, 3]),
  };
}

/** `anp bench small-cnn` (research/bench/targets.ts lists it; a baseline imports nothing of the benches). */
export const smallCnnBench = {
  name: 'small-cnn',
  summary: "train the super-resolution ablation's plain ×4 CNN for a wall-time budget",
  async run(argv: string[]): Promise<void> {
    const { options: o } = parseArgs(argv, {
      data: { type: 'string' },
      minutes: { type: 'number', min: 0.1, max: 600 },
      batch: { type: 'number', integer: true, min: 1, max: 256 },
      lr: { type: 'number', min: 1e-6, max: 1 },
      seed: { type: 'number', integer: true, min: 0 },
      out: { type: 'string' },
    } as const);
    const backend = await initAppBackend('auto');
    const photos = await loadPhotoFolder(resolve(o.data ?? DEFAULT_PHOTOS));
    const budget = (o.minutes ?? 30) * 60;
    const batchSize = o.batch ?? 16;
    const peak = o.lr ?? 1e-3;
    const rng = new Rng(o.seed ?? 1);
    const cnn = new SmallCnn(SMALL_CNN, o.seed ?? 1);
    const vars = cnn.variables();
    const weights = vars.map((v) => v.dataSync().slice() as Float32Array);
    const adam = createAdamState(weights);
    const curve: { step: number; seconds: number; l1: number }[] = [];
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    let step = 0;
    let recent = 0;
    // The schedule's length is estimated from the budget after a few steps, then kept.
    let totalSteps = 0;
    while (elapsed() < budget) {
      const batch = sampleCnnBatch(photos.train, batchSize, rng);
      const { value, grads } = tf.variableGrads(() => {
        const out = tf.add(batch.base, cnn.residual(batch.low));
        return tf.mean(tf.abs(tf.sub(out, batch.truth))) as tf.Scalar;
      }, vars);
      const gradients = vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
      const l1 = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads), batch.low, batch.base, batch.truth]);
      clipGlobalNorm(gradients, 1);
      if (step === 20) totalSteps = Math.round((20 * budget) / elapsed());
      const schedule = {
        peak,
        warmupSteps: 50,
        totalSteps: Math.max(totalSteps, step + 1),
        finalFraction: 0.1,
      };
      adamStep(weights, gradients, adam, learningRateAt(step, schedule));
      vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i]!, v.shape))));
      step++;
      recent += l1;
      if (step % 50 === 0) {
        curve.push({ step, seconds: elapsed(), l1: recent / 50 });
        console.error(
          `step ${step}  L1 ${(recent / 50).toFixed(5)}  ${(step / elapsed()).toFixed(2)} steps/s`,
        );
        recent = 0;
      }
    }
    const training = {
      steps: step,
      seconds: elapsed(),
      batchSize,
      lowSide: LOW,
      learningRate: peak,
      backend: backend.backend,
      threads: 1,
      photos: photos.train.length,
      parameters: cnn.parameterCount(),
    };
    const { manifest, weights: bytes } = serializeSmallCnn(cnn, training);
    const dir = resolve(o.out ?? SMALL_CNN_DIR);
    await mkdir(dir, { recursive: true });
    // The weights first, then the manifest that describes them.
    await writeFileAtomic(join(dir, 'weights.bin'), bytes);
    await writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify({ machine: machineInfo(), ...training, curve }, null, 2)}\n`);
    cnn.dispose();
    console.log(
      `${step} steps in ${training.seconds.toFixed(0)} s; final L1 ${curve.at(-1)?.l1.toFixed(5)}; weights in ${dir}`,
    );
  },
};
