/**
 * Fine-tuning for the app: continue training a model on a folder of the user's photos and write the
 * result as a new model folder (never touching the source), with its own card and the held-out NLL
 * before and after, measured on the same fixed tasks from the folder's held-out photos.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder } from '../data/photo-folder.js';
import { loadModelDir } from '../model-files.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { batchOptionsOf, evaluateHeldOut } from './evaluate.js';
import { exportModel, loadModelFrom } from './run.js';
import { defaultRecipe, trainModel, type TrainRecipe } from './train.js';

export interface FineTuneOptions {
  folder: string;
  fromModel: ModelRef;
  /** Id of the new model: its folder is `<modelsDir>/<name>`. */
  name: string;
  steps: number;
  modelsDir: string;
  signal: AbortSignal;
  onProgress: (progress: TaskProgress) => void;
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

function reproduceCommand(o: FineTuneOptions, r: TrainRecipe): string {
  const t = r.batch.task;
  return [
    `anp train --from ${o.fromModel.dir} --data ${o.folder} --steps ${r.steps} --batch ${r.batchSize}`,
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

export async function fineTune(o: FineTuneOptions): Promise<FineTuneResult> {
  const out = join(o.modelsDir, o.name);
  if (resolve(out) === resolve(o.fromModel.dir)) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the fine-tuned model needs a new name; '${o.name}' is the source model`,
    );
  }
  if (await exists(out)) throw new ApiError('FILE_EXISTS', `a model named '${o.name}' already exists`);
  const report = (message: string, done = 0) => o.onProgress({ done, total: o.steps, message });
  report('reading photos');
  const photos = await loadPhotoFolder(o.folder);
  if (photos.heldOut.length === 0 || photos.train.length === 0) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `fine-tuning needs at least two readable photos in ${o.folder} (one is held out to measure the gain)`,
    );
  }
  throwIfCancelled(o.signal);
  const source = await loadModelDir(o.fromModel.dir);
  const model = await loadModelFrom(o.fromModel.dir);
  const workDir = join(o.modelsDir, `.${o.name}.training`);
  try {
    const recipe = defaultRecipe({
      steps: o.steps,
      batchSize: o.batchSize ?? 8,
      learningRate: o.learningRate ?? 1e-4,
      warmupSteps: Math.min(20, Math.floor(o.steps / 10)),
      seed: o.seed ?? 1,
      batch: batchOptionsOf(source.manifest),
    });
    const evalOptions = { batch: recipe.batch };
    report('measuring the held-out NLL before fine-tuning');
    const before = await evaluateHeldOut(model, photos.heldOut, evalOptions);
    throwIfCancelled(o.signal);
    const workers = o.workers ?? Math.min(2, availableParallelism());
    const result = await trainModel({
      model,
      photos: photos.train,
      recipe,
      workDir,
      workers,
      signal: o.signal,
      onProgress: o.onProgress,
      logEverySteps: Math.max(1, Math.min(10, Math.floor(o.steps / 20))),
    });
    throwIfCancelled(o.signal);
    report('measuring the held-out NLL after fine-tuning', result.step);
    const after = await evaluateHeldOut(model, photos.heldOut, evalOptions);
    await exportModel(
      model,
      out,
      {
        title: o.name,
        summary: `Fine-tuned from '${o.fromModel.id}' on ${photos.train.length} photos of ${o.folder}. Held-out target NLL ${before.targetNll.toFixed(3)} → ${after.targetNll.toFixed(3)}.`,
        data: {
          folder: o.folder,
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
        command: reproduceCommand(o, recipe),
        status: `fine-tuned for ${result.step} steps; held-out NLL before: ${before.targetNll.toFixed(4)} (target), ${before.contextNll.toFixed(4)} (context).`,
      },
      { heldOutNllBefore: before, heldOutNllAfter: after, fromModel: o.fromModel.id },
    );
    return {
      model: { id: o.name, dir: out },
      heldOutNllBefore: before.targetNll,
      heldOutNllAfter: after.targetNll,
    };
  } finally {
    model.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
