/**
 * Fine-tuning for the app: continue training a model on a folder of the user's photos and write the
 * result as a new model folder (never touching the source), with its own card and the held-out NLL
 * before and after, measured on the same fixed tasks from the folder's held-out photos. A paused run
 * keeps its work folder (checkpoint and start) until it is resumed, started over or cancelled.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder } from '../data/photo-folder.js';
import { loadModelDir } from '../model-files.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { checkpointDir, latestCheckpointStep } from './checkpoint.js';
import { batchOptionsOf, evaluateHeldOut, heldOutBatches } from './evaluate.js';
import { FineTuneEta } from './fine-tune-eta.js';
import { exportModel, loadModelFrom } from './run.js';
import { loadRunStart, runWorkDir, saveRunStart, type RunStart } from './run-start.js';
import { timeGradientStep } from './step-timing.js';
import { defaultRecipe, trainModel, type TrainRecipe } from './train.js';

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
}

function reproduceCommand(fromModel: ModelRef, folder: string, r: TrainRecipe): string {
  const t = r.batch.task;
  return [
    `anp train --from ${fromModel.dir} --data ${folder} --steps ${r.steps} --batch ${r.batchSize}`,
    `--lr ${r.learningRate} --warmup ${r.warmupSteps} --seed ${r.seed} --window ${r.batch.window.size}`,
    `--max-context ${t.maxContext} --max-targets ${t.maxTargets} --max-grid ${t.maxGridContext}`,
  ].join(' ');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function fineTune(job: FineTuneOptions): Promise<FineTuneResult | PausedFineTune> {
  const out = join(job.modelsDir, job.name);
  if (resolve(out) === resolve(job.fromModel.dir)) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the fine-tuned model needs a new name; '${job.name}' is the source model`,
    );
  }
  if (await exists(out)) throw new ApiError('FILE_EXISTS', `a model named '${job.name}' already exists`);
  const workDir = runWorkDir(job.modelsDir, job.name);
  const resumed = job.resume ? await loadRunStart(workDir, job.name) : null;
  if (!resumed) await rm(workDir, { recursive: true, force: true });
  const folder = job.folder ?? resumed?.folder;
  if (!folder) throw new ApiError('INVALID_ARGUMENT', 'fine-tuning needs a folder of photos');
  const report = (message: string, done = 0) =>
    job.onProgress({ done, total: resumed?.recipe.steps ?? job.steps, message });
  report('reading photos');
  const photos = await loadPhotoFolder(folder);
  if (photos.heldOut.length === 0 || photos.train.length === 0) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `fine-tuning needs at least two readable photos in ${folder} (one is held out to measure the gain)`,
    );
  }
  throwIfCancelled(job.signal);
  const source = await loadModelDir(job.fromModel.dir);
  const model = await loadModelFrom(job.fromModel.dir);
  let keepWork = false;
  try {
    const recipe = resumed?.recipe ?? freshRecipe(job, source.manifest);
    const evalOptions = { batch: recipe.batch };
    const workers = job.workers ?? Math.min(2, availableParallelism());
    const eta = new FineTuneEta({
      evalBatches: heldOutBatches(recipe.batch),
      steps: recipe.steps,
      stepsDone: resumed ? ((await latestCheckpointStep(checkpointDir(workDir))) ?? 0) : 0,
      stepSeconds: timeGradientStep(model, photos.train, recipe, workers),
      ...(resumed?.evalBatchSeconds ? { evalBatchSeconds: resumed.evalBatchSeconds } : {}),
    });
    const progress = (p: TaskProgress) => {
      const etaSeconds = eta.secondsLeft();
      job.onProgress(etaSeconds === null ? p : { ...p, etaSeconds });
    };
    const evaluating = (message: string, step: number) => (done: number) => {
      eta.evaluated(done);
      progress({ done: step, total: recipe.steps, message });
    };
    let before = resumed?.before;
    if (!before) {
      const message = 'measuring the held-out NLL before fine-tuning';
      report(message);
      before = await evaluateHeldOut(model, photos.heldOut, {
        ...evalOptions,
        onBatch: evaluating(message, 0),
      });
    }
    const start: RunStart = {
      recipe,
      before,
      fromModel: job.fromModel.id,
      folder,
      ...(eta.evalBatchSeconds !== null ? { evalBatchSeconds: eta.evalBatchSeconds } : {}),
    };
    await saveRunStart(workDir, start);
    throwIfCancelled(job.signal);
    eta.startTraining();
    const result = await trainModel({
      model,
      photos: photos.train,
      recipe,
      workDir,
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
      keepWork = true;
      report(`paused at step ${result.step}; the checkpoint is saved`, result.step);
      return { paused: true, step: result.step, steps: recipe.steps };
    }
    const afterMessage = 'measuring the held-out NLL after fine-tuning';
    eta.startEvaluationAfter();
    progress({ done: result.step, total: recipe.steps, message: afterMessage });
    const after = await evaluateHeldOut(model, photos.heldOut, {
      ...evalOptions,
      onBatch: evaluating(afterMessage, result.step),
    });
    await exportModel(
      model,
      out,
      {
        title: job.name,
        summary: `Fine-tuned from '${job.fromModel.id}' on ${photos.train.length} photos of ${folder}. Held-out target NLL ${before.targetNll.toFixed(3)} → ${after.targetNll.toFixed(3)}.`,
        data: {
          folder,
          trainFiles: photos.train.length,
          heldOutFiles: photos.heldOut.length,
          skippedFiles: photos.skipped.length,
        },
        recipe,
        steps: result.step,
        trainSeconds: result.trainSeconds,
        backend: tf.getBackend(),
        workers: Math.max(1, workers),
        heldOut: after,
        command: reproduceCommand(job.fromModel, folder, recipe),
        status: `fine-tuned for ${result.step} steps; held-out NLL before: ${before.targetNll.toFixed(4)} (target), ${before.contextNll.toFixed(4)} (context).`,
      },
      { heldOutNllBefore: before, heldOutNllAfter: after, fromModel: job.fromModel.id },
    );
    return {
      model: { id: job.name, dir: out },
      heldOutNllBefore: before.targetNll,
      heldOutNllAfter: after.targetNll,
    };
  } finally {
    model.dispose();
    if (!keepWork) await rm(workDir, { recursive: true, force: true });
  }
}

/** A fresh run's recipe. */
function freshRecipe(job: FineTuneOptions, manifest: Record<string, unknown>): TrainRecipe {
  return defaultRecipe({
    steps: job.steps,
    batchSize: job.batchSize ?? 8,
    learningRate: job.learningRate ?? 1e-4,
    warmupSteps: Math.min(20, Math.floor(job.steps / 10)),
    seed: job.seed ?? 1,
    batch: batchOptionsOf(manifest),
  });
}
