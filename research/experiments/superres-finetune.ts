/**
 * `anp experiment superres-finetune` (issue 26, "Fine-tuning that pays"): the grid super-resolution
 * model was trained without the 13 faces of research/experiments/superres-faces.txt. Fine-tune it on
 * 7 of them as `anp train --from BASE --data DIR --steps N` does (the same function, in this
 * process), for at most the budget's minutes on 2 workers, steps sized from a step timed first; then
 * score the base and the fine-tuned model at ×4 on the other 6, whole photos, as the image bench
 * does. Writes research/results/superres-finetune.json and .md; the model stays in
 * research/results/superres-finetune-model.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../app/api/errors.js';
import { superResGridRecipe, trainSuperResGrid } from '../../app/cli/commands/train-superres-grid.js';
import { createInferencePool } from '../../app/compute/index.js';
import { heldOutNames, loadPhotoFolder } from '../../app/data/photo-folder.js';
import { deserializeTrainableModel } from '../../app/model-factory.js';
import { loadModelDir } from '../../app/model-files.js';
import { timeGradientStep } from '../../app/training/step-timing.js';
import type { SuperResGridRecipe } from '../../app/training/train.js';
import { machineInfo } from '../shared/machine.js';
import { DEFAULT_PHOTOS } from '../shared/photo-corpus.js';
import { resultsPath } from '../shared/results.js';
import { log, writeResults } from './output.js';
import { FINETUNE_FACTOR, scoreX4 } from './superres-finetune-measure.js';
import { renderGainMarkdown, summariseGain } from './superres-finetune-report.js';
import { FACES_LIST, readNameList, splitFaces } from './superres-finetune-split.js';

export interface SuperResFinetuneOptions {
  /** The grid super-resolution model trained without the faces. */
  base: string;
  /** The folder the faces are in, and the list naming them. */
  photos: string;
  facesList: string;
  /** Training wall time to size the steps for. */
  budgetSeconds: number;
  /** Steps to train, in place of the budget's. */
  steps?: number;
  /** Peak learning rate (default: anp train's). */
  learningRate?: number;
  workers: number;
}

export const SUPERRES_FINETUNE_DEFAULTS: SuperResFinetuneOptions = {
  base: fileURLToPath(new URL('../runs/superres-grid', import.meta.url)),
  photos: DEFAULT_PHOTOS,
  facesList: FACES_LIST,
  budgetSeconds: 600,
  workers: 2,
};

export const FINETUNED_MODEL_DIR = resultsPath('superres-finetune-model');
const RESULT_NAME = 'superres-finetune';
/**
 * Share of the budget the steps are sized for: the step timed is one worker's gradient alone, a
 * step also averages the workers' gradients and updates Adam, and the run starts its workers.
 */
const BUDGET_SHARE = 0.85;

/** One training step's seconds for the base model on the tune photos, as the run will take it. */
async function timeStep(base: string, tuneDir: string, recipe: SuperResGridRecipe, workers: number) {
  const { manifest, weights } = await loadModelDir(base);
  const model = deserializeTrainableModel(manifest, weights);
  try {
    if (model.config.kind !== 'grid-superres')
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${base} is a '${model.config.kind}' model; this experiment fine-tunes a grid super-resolution model`,
      );
    const photos = await loadPhotoFolder(tuneDir);
    return timeGradientStep(model, photos.train, recipe, workers);
  } finally {
    model.dispose();
  }
}

export async function runSuperResFinetune(o: SuperResFinetuneOptions): Promise<void> {
  const split = splitFaces(await readNameList(o.facesList));
  log(`fine-tune on ${split.tune.join(', ')}; measure on ${split.measure.join(', ')}`);
  const work = await mkdtemp(join(tmpdir(), 'anp-superres-finetune-'));
  try {
    const tuneDir = join(work, 'photos');
    await mkdir(tuneDir);
    for (const name of split.tune) await copyFile(join(o.photos, name), join(tuneDir, name));
    const flags = {
      data: tuneDir,
      out: FINETUNED_MODEL_DIR,
      work: join(work, 'run'),
      from: o.base,
      workers: o.workers,
      lr: o.learningRate,
      // One export at the end: a checkpoint's export and training-photo evaluation would spend the budget.
      checkpointEvery: 10 * o.budgetSeconds,
    };
    const stepSeconds = await timeStep(o.base, tuneDir, superResGridRecipe(flags), o.workers);
    const steps = o.steps ?? Math.max(1, Math.floor((BUDGET_SHARE * o.budgetSeconds) / stepSeconds));
    log(`${stepSeconds.toFixed(2)} s a step: ${steps} steps`);
    const command = `anp experiment superres-finetune --from ${o.base} --steps ${steps}${o.learningRate ? ` --lr ${o.learningRate}` : ''}`;
    const trained = await trainSuperResGrid(
      { ...flags, steps },
      { backendName: tf.getBackend(), command, signal: new AbortController().signal, say: log },
    );
    const pool = createInferencePool({ workers: o.workers });
    const models = [
      { id: 'base', dir: o.base },
      { id: 'fine-tuned', dir: FINETUNED_MODEL_DIR },
    ];
    log(`×${FINETUNE_FACTOR} of ${split.measure.length} faces by both models…`);
    const scores = await scoreX4(
      models,
      split.measure.map((name) => join(o.photos, name)),
      pool,
    ).finally(() => pool.dispose());
    const summary = summariseGain(scores);
    const held = heldOutNames(split.tune, 0.1);
    const run = {
      base: o.base,
      tuned: FINETUNED_MODEL_DIR,
      tunePhotos: split.tune,
      trainedOn: split.tune.filter((name) => !held.has(name)),
      steps: trained.step,
      stepSeconds,
      trainSeconds: trained.trainSeconds,
      workers: o.workers,
      command,
    };
    const json = await writeResults(RESULT_NAME, {
      date: new Date().toISOString(),
      machine: machineInfo(),
      factor: FINETUNE_FACTOR,
      facesList: o.facesList,
      split: { rule: 'alternate by name: 1st, 3rd, … tune; 2nd, 4th, … measure', ...split },
      run,
      ...summary,
    });
    const md = resultsPath(`${RESULT_NAME}.md`);
    await writeFile(md, renderGainMarkdown(summary, run));
    log(
      `×4 gain ${summary.gain.mean.toFixed(2)} dB (95 % ${summary.gain.low.toFixed(2)} to ${summary.gain.high.toFixed(2)}); wrote ${json} and ${md}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
