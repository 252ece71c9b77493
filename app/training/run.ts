/**
 * A whole training run from a photo folder to a model folder: load the photos, start from scratch or
 * from a model, train with checkpoints (each also exported as a usable model folder with its card),
 * evaluate on the held-out photos and write the final model folder.
 */
import { stackedAnpConfig } from '../../models/index.js';
import type { NeuralProcess, NPConfig } from '../../models/core/types.js';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder, type PhotoSet } from '../data/photo-folder.js';
import { upgradeToSharpened } from './mean-base-upgrade.js';
import { createAppModel, deserializeAppModel } from '../model-factory.js';
import { loadModelDir } from '../model-files.js';
import { trainerOptions, writeModelFolder } from './model-export.js';
import type { TaskProgress } from '../util/task.js';
import { loadLatestCheckpoint, type CheckpointState } from './checkpoint.js';
import { evaluateHeldOut, type HeldOutNll } from './evaluate.js';
import { renderModelCard, type ModelCardInfo } from './model-card.js';
import { batchForModel } from './superres-model.js';
import { checkpointDir } from './checkpoint.js';
import { trainModel, type TrainRecipe, type TrainResult } from './train.js';

export interface RunOptions {
  data: string;
  out: string;
  workDir: string;
  recipe: TrainRecipe;
  /** Architecture when starting from scratch (default: the stacked multihead ANP for RGB photos). */
  config?: NPConfig;
  /** Start from this model folder instead of from scratch. */
  from?: string;
  /** With `from`: upgrade its 'interpolation' mean base to 'sharpened' first (see `upgradeToSharpened`). */
  sharpenFrom?: boolean;
  resume?: boolean;
  workers?: number;
  backendName: string;
  checkpointEverySteps?: number;
  checkpointEverySeconds?: number;
  title?: string;
  summary?: string;
  /** The command line that reproduces the run, for the card. */
  command: string;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
  onLog?: (line: string) => void;
}

export interface RunResult extends TrainResult {
  heldOut: HeldOutNll | null;
  parameters: number;
  photos: PhotoSet;
}

export async function loadModelFrom(dir: string): Promise<NeuralProcess> {
  const files = await loadModelDir(dir);
  try {
    return deserializeAppModel(files.manifest, files.weights);
  } catch (err) {
    throw new ApiError('MODEL_ERROR', `${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function startingModel(opts: RunOptions): Promise<NeuralProcess> {
  const resumed = opts.resume ? await loadLatestCheckpoint<TrainRecipe>(checkpointDir(opts.workDir)) : null;
  if (resumed) {
    const { config } = resumed.state as CheckpointState;
    if (config.kind === 'grid-anp' || config.kind === 'grid-superres')
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${opts.workDir} holds a grid model's run: resume it with --model ${config.kind === 'grid-anp' ? 'completion' : 'superres-grid'}`,
      );
    return createAppModel(config, { seed: opts.recipe.seed });
  }
  if (opts.from) {
    const model = await loadModelFrom(opts.from);
    if (!opts.sharpenFrom || model.config.meanBase === 'sharpened') return model;
    try {
      return upgradeToSharpened(model, opts.recipe.seed);
    } catch (err) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${opts.from}: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      model.dispose();
    }
  }
  return createAppModel(opts.config ?? stackedAnpConfig(2, 3), { seed: opts.recipe.seed });
}

/** Writes a model folder with its card (see writeModelFolder). */
export async function exportModel(
  model: NeuralProcess,
  dir: string,
  card: Omit<ModelCardInfo, 'config' | 'parameters'>,
  metrics: object,
): Promise<void> {
  const text = renderModelCard({ ...card, config: model.config, parameters: model.parameterCount() });
  await writeModelFolder(model, dir, { ...card, metrics, card: text });
}

export async function runTraining(options: RunOptions): Promise<RunResult> {
  const log = options.onLog ?? (() => {});
  const photos = await loadPhotoFolder(options.data);
  log(
    `${photos.train.length} training photos, ${photos.heldOut.length} held out, ${photos.skipped.length} skipped`,
  );
  for (const s of photos.skipped) log(`skipped ${s.name}: ${s.reason}`);
  const model = await startingModel(options);
  const batch = batchForModel(options.recipe.batch, model.config.targetFeatures);
  const opts = { ...options, recipe: { ...options.recipe, batch } };
  const workers = opts.workers ?? 0;
  const cardBase = (steps: number, trainSeconds: number, status: string) => ({
    title: opts.title ?? 'Photo completion and super-resolution',
    summary: opts.summary ?? 'A stacked multihead Attentive Neural Process trained on photographs.',
    data: {
      folder: opts.data,
      trainFiles: photos.train.length,
      heldOutFiles: photos.heldOut.length,
      skippedFiles: photos.skipped.length,
    },
    recipe: opts.recipe,
    steps,
    trainSeconds,
    backend: opts.backendName,
    workers: Math.max(1, workers),
    command: opts.command,
    status,
  });
  try {
    const result = await trainModel({
      ...trainerOptions(opts, model, photos.train, opts.recipe),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onCheckpoint: async (step, trainSeconds) => {
        const status = `intermediate checkpoint at step ${step} of ${opts.recipe.steps}; held-out metrics are measured at the end of the run.`;
        await exportModel(model, opts.out, cardBase(step, trainSeconds, status), { step });
        log(`checkpoint: step ${step}, exported to ${opts.out}`);
      },
    });
    const heldOut =
      photos.heldOut.length > 0
        ? await evaluateHeldOut(model, photos.heldOut, { batch: opts.recipe.batch })
        : null;
    const status = result.cancelled
      ? `stopped early at step ${result.step} of ${opts.recipe.steps}.`
      : `complete (${result.step} steps).`;
    await exportModel(
      model,
      opts.out,
      { ...cardBase(result.step, result.trainSeconds, status), ...(heldOut ? { heldOut } : {}) },
      {
        step: result.step,
        heldOut,
      },
    );
    return { ...result, heldOut, parameters: model.parameterCount(), photos };
  } finally {
    model.dispose();
  }
}
