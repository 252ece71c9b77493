/**
 * Fine-tuning for the app: continue training a model on a folder of the user's photos and write the
 * result as a new model folder (never touching the source), with its own card and the held-out
 * measurement before and after, on the same fixed tasks from the folder's held-out photos. A
 * point-set model tunes on its own task mix, a grid model on its own grid examples (see
 * FineTuneFamily). A paused run keeps its work folder (checkpoint, start and progress log) until it is
 * resumed to the end, started over or cancelled; a resume that fails keeps it for another try.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import type { LossPoint } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder, type PhotoSet } from '../data/photo-folder.js';
import {
  deserializeTrainableModel,
  isGridModel,
  isSuperResModel,
  type TrainableModel,
} from '../model-factory.js';
import { loadModelDir } from '../model-files.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { checkpointDir, latestCheckpointStep } from './checkpoint.js';
import { FineTuneEta } from './fine-tune-eta.js';
import type { AnyRecipe, FineTuneFamily } from './fine-tune-family.js';
import { gridFamily, superResGridFamily } from './fine-tune-grid.js';
import { lossHistory } from './fine-tune-history.js';
import { pointSetFamily } from './fine-tune-point-set.js';
import { loadRunStart, runWorkDir, saveRunStart, type RunStart } from './run-start.js';
import { timeGradientStep } from './step-timing.js';
import { trainModel } from './train.js';

export interface FineTuneOptions {
  /** The photos; a resumed run without one trains on the folder it began with. */
  folder?: string;
  fromModel: ModelRef;
  /** Id of the new model: its folder is `<modelsDir>/<name>`. */
  name: string;
  steps: number;
  modelsDir: string;
  signal: AbortSignal;
  onProgress: (progress: TaskProgress) => void;
  /** Stops training after the step in progress, with a checkpoint to resume from. */
  pause?: AbortSignal;
  /** Continue the paused run of `name` (its recipe and steps; `steps` is not read). */
  resume?: boolean;
  /** Gradient worker threads (default: up to 2); 0 trains in this thread. */
  workers?: number;
  learningRate?: number;
  batchSize?: number;
  seed?: number;
}

export interface FineTuneResult {
  model: ModelRef;
  heldOutNllBefore: number;
  heldOutNllAfter: number;
}

export interface PausedFineTune {
  paused: true;
  step: number;
  steps: number;
  losses: LossPoint[];
}

type Outcome = FineTuneResult | PausedFineTune;

/** One run as the family-independent part of fine-tuning sees it. */
interface FineTuneRun {
  job: FineTuneOptions;
  out: string;
  workDir: string;
  resumed: RunStart<AnyRecipe> | null;
  /** The step training goes on from: the resumed checkpoint's, or 0. */
  fromStep: number;
  photos: PhotoSet;
  /** Says what the run is doing at `fromStep`, before there is an estimate of the time left. */
  report: (message: string) => void;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function fineTune(job: FineTuneOptions): Promise<Outcome> {
  const out = join(job.modelsDir, job.name);
  if (resolve(out) === resolve(job.fromModel.dir)) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the fine-tuned model needs a new name; '${job.name}' is the source model`,
    );
  }
  if (await exists(out)) throw new ApiError('FILE_EXISTS', `a model named '${job.name}' already exists`);
  const workDir = runWorkDir(job.modelsDir, job.name);
  const resumed = job.resume ? await loadRunStart<AnyRecipe, unknown>(workDir, job.name) : null;
  if (!resumed) await rm(workDir, { recursive: true, force: true });
  const folder = job.folder ?? resumed?.folder;
  if (!folder) throw new ApiError('INVALID_ARGUMENT', 'fine-tuning needs a folder of photos');
  const fromStep = resumed ? ((await latestCheckpointStep(checkpointDir(workDir))) ?? 0) : 0;
  const total = resumed?.recipe.steps ?? job.steps;
  const report = (message: string) => job.onProgress({ done: fromStep, total, message, etaSeconds: null });
  let keepWork = false;
  try {
    report('reading photos');
    const photos = await loadPhotoFolder(folder);
    if (photos.heldOut.length === 0 || photos.train.length === 0) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `fine-tuning needs at least two readable photos in ${folder} (one is held out to measure the gain)`,
      );
    }
    throwIfCancelled(job.signal);
    report('loading the model');
    const { manifest, weights } = await loadModelDir(job.fromModel.dir);
    const model = deserializeSource(manifest, weights, job.fromModel.dir);
    try {
      const run: FineTuneRun = { job, out, workDir, resumed, fromStep, photos, report };
      const outcome = isGridModel(model)
        ? await tune(gridFamily(model, manifest, job.fromModel.id), run)
        : isSuperResModel(model)
          ? await tune(superResGridFamily(model, manifest, job.fromModel.id), run)
          : await tune(pointSetFamily(model, manifest), run);
      keepWork = 'paused' in outcome;
      return outcome;
    } finally {
      model.dispose();
    }
  } catch (err) {
    keepWork = resumed !== null && !job.signal.aborted;
    throw err;
  } finally {
    if (!keepWork) await rm(workDir, { recursive: true, force: true });
  }
}

function deserializeSource(
  manifest: Record<string, unknown>,
  weights: Uint8Array,
  dir: string,
): TrainableModel {
  try {
    return deserializeTrainableModel(manifest, weights);
  } catch (err) {
    throw new ApiError('MODEL_ERROR', `${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function tune<HeldOut, Recipe extends AnyRecipe>(
  family: FineTuneFamily<HeldOut, Recipe>,
  run: FineTuneRun,
): Promise<Outcome> {
  const { job, photos, resumed, fromStep } = run;
  // A resumed run's start was written by this function for the same source model.
  const recipe =
    (resumed?.recipe as Recipe | undefined) ??
    family.recipe({
      steps: job.steps,
      batchSize: job.batchSize ?? 8,
      learningRate: job.learningRate ?? 1e-4,
      seed: job.seed ?? 1,
    });
  const workers = job.workers ?? Math.min(2, availableParallelism());
  run.report('timing a training step');
  const eta = new FineTuneEta({
    evalBatches: family.evalBatches(recipe),
    steps: recipe.steps,
    stepsDone: fromStep,
    stepSeconds: timeGradientStep(family.model, photos.train, recipe, workers),
    ...(resumed?.evalBatchSeconds ? { evalBatchSeconds: resumed.evalBatchSeconds } : {}),
  });
  const progress = (p: TaskProgress) => job.onProgress({ ...p, etaSeconds: eta.secondsLeft() });
  const at = (done: number, message: string): TaskProgress => ({ done, total: recipe.steps, message });
  const measure = (message: string, step: number) => {
    progress(at(step, message));
    return family.measure(photos.heldOut, recipe, (done) => {
      eta.evaluated(done);
      progress(at(step, message));
    });
  };
  const before =
    (resumed?.before as HeldOut | undefined) ??
    (await measure('measuring the held-out NLL before fine-tuning', 0));
  await saveRunStart(run.workDir, {
    recipe,
    before,
    fromModel: job.fromModel.id,
    folder: photos.folder,
    ...(eta.evalBatchSeconds !== null ? { evalBatchSeconds: eta.evalBatchSeconds } : {}),
  });
  throwIfCancelled(job.signal);
  eta.startTraining();
  progress(at(fromStep, resumed ? `resuming at step ${fromStep}` : 'starting to train'));
  const result = await trainModel({
    model: family.model,
    photos: photos.train,
    recipe,
    workDir: run.workDir,
    resume: resumed !== null,
    workers,
    signal: job.pause ? AbortSignal.any([job.signal, job.pause]) : job.signal,
    onProgress: (p) => {
      eta.trained(p.done);
      progress(p);
    },
    logEverySteps: Math.max(1, Math.min(10, Math.floor(recipe.steps / 20))),
  });
  throwIfCancelled(job.signal);
  if (result.cancelled) {
    job.onProgress({
      ...at(result.step, `paused at step ${result.step}; the checkpoint is saved`),
      etaSeconds: null,
    });
    const losses = await lossHistory(run.workDir, result.step);
    return { paused: true, step: result.step, steps: recipe.steps, losses };
  }
  eta.startEvaluationAfter();
  const after = await measure('measuring the held-out NLL after fine-tuning', result.step);
  await family.export(run.out, {
    name: job.name,
    fromModel: job.fromModel,
    photos,
    recipe,
    steps: result.step,
    trainSeconds: result.trainSeconds,
    workers,
    before,
    after,
  });
  return {
    model: { id: job.name, dir: run.out },
    heldOutNllBefore: family.nll(before),
    heldOutNllAfter: family.nll(after),
  };
}
