/**
 * A grid ANP's training run, from a photo folder to a model folder: start from scratch, from a model
 * folder or from the latest checkpoint; train on grid windows with checkpoints (each exported as a
 * usable model folder, its quality on fixed training windows logged); then measure the held-out
 * photos once and write the final folder with its card.
 */
import { createGridModel, type GridAnpConfig, type GridAnpModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder } from '../data/photo-folder.js';
import { deserializeTrainableModel, isGridModel } from '../model-factory.js';
import { loadModelDir } from '../model-files.js';
import { trainerOptions, writeModelFolder } from './model-export.js';
import { checkpointDir, loadLatestCheckpoint } from './checkpoint.js';
import { evaluateGrid, type GridQuality } from './grid-evaluate.js';
import { renderGridModelCard, type GridCardInfo } from './grid-model-card.js';
import { appendJsonLine, progressLogPath } from './progress.js';
import { trainModel, type GridRecipe, type TrainResult } from './train.js';

export type { GridRecipe };

export interface GridRunOptions {
  data: string;
  out: string;
  workDir: string;
  recipe: GridRecipe;
  config: GridAnpConfig;
  from?: string;
  resume?: boolean;
  workers?: number;
  backendName: string;
  checkpointEverySeconds?: number;
  title: string;
  summary: string;
  command: string;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

export interface GridRunResult extends TrainResult {
  heldOut: GridQuality | null;
  parameters: number;
}

async function startingGridModel(opts: GridRunOptions): Promise<GridAnpModel> {
  const resumed = opts.resume ? await loadLatestCheckpoint<GridRecipe>(checkpointDir(opts.workDir)) : null;
  if (resumed) {
    const { config } = resumed.state;
    if (config.kind !== 'grid-anp')
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${opts.workDir} holds a '${config.kind}' model's run, not a grid ANP's`,
      );
    return createGridModel(config, { seed: opts.recipe.seed });
  }
  if (opts.from) {
    const files = await loadModelDir(opts.from);
    const model = deserializeTrainableModel(files.manifest, files.weights);
    if (isGridModel(model)) return model;
    model.dispose();
    throw new ApiError(
      'INVALID_ARGUMENT',
      `${opts.from} is not a grid ANP (its kind is '${model.config.kind}')`,
    );
  }
  return createGridModel(opts.config, { seed: opts.recipe.seed });
}

/** Writes a grid ANP's model folder with its card; the manifest's metrics are the card's quality unless given. */
export async function exportGridModel(
  model: GridAnpModel,
  dir: string,
  card: Omit<GridCardInfo, 'config' | 'parameters'>,
  metrics: object = { step: card.steps, ...card.quality },
): Promise<void> {
  const text = renderGridModelCard({ ...card, config: model.config, parameters: model.parameterCount() });
  await writeModelFolder(model, dir, { ...card, metrics, card: text });
}

export async function runGridTraining(opts: GridRunOptions): Promise<GridRunResult> {
  const log = opts.onLog ?? (() => {});
  const photos = await loadPhotoFolder(opts.data);
  log(
    `${photos.train.length} training photos, ${photos.heldOut.length} held out, ${photos.skipped.length} skipped`,
  );
  const model = await startingGridModel(opts);
  const card = (steps: number, trainSeconds: number, status: string, quality: GridCardInfo['quality']) => ({
    title: opts.title,
    summary: opts.summary,
    data: { folder: opts.data, trainFiles: photos.train.length, heldOutFiles: photos.heldOut.length },
    recipe: opts.recipe,
    steps,
    trainSeconds,
    backend: opts.backendName,
    workers: Math.max(1, opts.workers ?? 0),
    command: opts.command,
    status,
    quality,
  });
  try {
    const result = await trainModel({
      ...trainerOptions(opts, model, photos.train, opts.recipe),
      onProgress: (p) => log(p.message ?? ''),
      onCheckpoint: async (step, trainSeconds) => {
        const training = evaluateGrid(model, photos.train, opts.recipe.batch);
        await appendJsonLine(progressLogPath(opts.workDir), { event: 'quality', step, training });
        const status = `intermediate checkpoint at step ${step} of ${opts.recipe.steps}; held-out photos are measured at the end of the run.`;
        await exportGridModel(model, opts.out, card(step, trainSeconds, status, { training }));
        log(
          `checkpoint: step ${step}, training windows: mean ${training.meanPsnr.toFixed(2)} dB, fill ${training.fillPsnr.toFixed(2)} dB, NLL ${training.nll.toFixed(3)}`,
        );
      },
    });
    const training = evaluateGrid(model, photos.train, opts.recipe.batch);
    const heldOut = photos.heldOut.length > 0 ? evaluateGrid(model, photos.heldOut, opts.recipe.batch) : null;
    const status = result.cancelled
      ? `stopped at step ${result.step} of ${opts.recipe.steps}.`
      : `complete (${result.step} steps).`;
    await exportGridModel(
      model,
      opts.out,
      card(result.step, result.trainSeconds, status, { training, ...(heldOut ? { heldOut } : {}) }),
    );
    return { ...result, heldOut, parameters: model.parameterCount() };
  } finally {
    model.dispose();
  }
}
