/**
 * A grid model's training run, from a photo folder to a model folder: start from scratch, from a
 * model folder or from the latest checkpoint; train with checkpoints (each exported as a usable model
 * folder, its quality on fixed training examples logged); then measure the held-out photos once and
 * write the final folder with its card. One run for both grid families (completion and
 * super-resolution), each described by a `GridFamilySpec`.
 */
import { createGridModel, type GridAnpConfig, type GridAnpModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import { loadPhotoFolder, type CachedPhoto } from '../data/photo-folder.js';
import { deserializeTrainableModel, type TrainableConfig, type TrainableModel } from '../model-factory.js';
import { loadModelDir } from '../model-files.js';
import { trainerOptions, writeModelFolder } from './model-export.js';
import { checkpointDir, loadLatestCheckpoint } from './checkpoint.js';
import { evaluateGrid, type GridQuality } from './grid-evaluate.js';
import { renderGridModelCard, type GridCardInfo } from './grid-model-card.js';
import type { FamilyCardInfo } from './family-card.js';
import { appendJsonLine, progressLogPath } from './progress.js';
import {
  trainModel,
  type AnyBatchOptions,
  type GridRecipe,
  type TrainRecipe,
  type TrainResult,
} from './train.js';

export type { FamilyCardInfo, GridRecipe };

/** What a run needs to know of one family of grid models. */
export interface GridFamilySpec<M extends TrainableModel, B extends AnyBatchOptions, Q> {
  /** The models' config kind, and what the family is called in errors. */
  kind: M['config']['kind'];
  name: string;
  create: (config: M['config'], seed: number) => M;
  evaluate: (model: M, photos: readonly CachedPhoto[], batch: B) => Q;
  /** One line for the log at a checkpoint. */
  describe: (q: Q) => string;
  renderCard: (info: FamilyCardInfo<M, B, Q>) => string;
}

export interface FamilyRunOptions<M extends TrainableModel, B extends AnyBatchOptions> {
  data: string;
  /** Photos of the folder to leave out of training and of the held-out set, and the file listing them. */
  exclude?: { list: string; names: ReadonlySet<string> };
  out: string;
  workDir: string;
  recipe: TrainRecipe<B>;
  config: M['config'];
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

export interface FamilyRunResult<Q> extends TrainResult {
  heldOut: Q | null;
  parameters: number;
}

const isOfKind = <M extends TrainableModel>(model: TrainableModel, kind: M['config']['kind']): model is M =>
  model.config.kind === kind;

async function startingModel<M extends TrainableModel, B extends AnyBatchOptions, Q>(
  spec: GridFamilySpec<M, B, Q>,
  opts: FamilyRunOptions<M, B>,
): Promise<M> {
  const resumed = opts.resume
    ? await loadLatestCheckpoint<TrainRecipe<B>>(checkpointDir(opts.workDir))
    : null;
  if (resumed) {
    const config: TrainableConfig = resumed.state.config;
    if (config.kind !== spec.kind)
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${opts.workDir} holds a '${config.kind}' model's run, not a ${spec.name}'s`,
      );
    return spec.create(config as M['config'], opts.recipe.seed);
  }
  if (opts.from) {
    const files = await loadModelDir(opts.from);
    const model = deserializeTrainableModel(files.manifest, files.weights);
    if (isOfKind<M>(model, spec.kind)) return model;
    model.dispose();
    throw new ApiError(
      'INVALID_ARGUMENT',
      `${opts.from} is not a ${spec.name} (its kind is '${model.config.kind}')`,
    );
  }
  return spec.create(opts.config, opts.recipe.seed);
}

/** Writes a family's model folder with its card; the manifest's metrics are the card's quality unless given. */
export async function exportFamilyModel<M extends TrainableModel, B extends AnyBatchOptions, Q>(
  spec: GridFamilySpec<M, B, Q>,
  model: M,
  dir: string,
  card: Omit<FamilyCardInfo<M, B, Q>, 'config' | 'parameters'>,
  metrics: object = { step: card.steps, ...card.quality },
): Promise<void> {
  const text = spec.renderCard({ ...card, config: model.config, parameters: model.parameterCount() });
  await writeModelFolder(model, dir, { ...card, metrics, card: text });
}

export async function runFamilyTraining<M extends TrainableModel, B extends AnyBatchOptions, Q>(
  spec: GridFamilySpec<M, B, Q>,
  opts: FamilyRunOptions<M, B>,
): Promise<FamilyRunResult<Q>> {
  const log = opts.onLog ?? (() => {});
  const photos = await loadPhotoFolder(opts.data, opts.exclude ? { exclude: opts.exclude.names } : {});
  log(
    `${photos.train.length} training photos, ${photos.heldOut.length} held out, ${photos.skipped.length} skipped`,
  );
  const model = await startingModel(spec, opts);
  const card = (
    steps: number,
    trainSeconds: number,
    status: string,
    quality: { training?: Q; heldOut?: Q },
  ) => ({
    title: opts.title,
    summary: opts.summary,
    data: {
      folder: opts.data,
      trainFiles: photos.train.length,
      heldOutFiles: photos.heldOut.length,
      ...(opts.exclude ? { excluded: { list: opts.exclude.list, files: opts.exclude.names.size } } : {}),
    },
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
        const training = spec.evaluate(model, photos.train, opts.recipe.batch);
        await appendJsonLine(progressLogPath(opts.workDir), { event: 'quality', step, training });
        const status = `intermediate checkpoint at step ${step} of ${opts.recipe.steps}; held-out photos are measured at the end of the run.`;
        await exportFamilyModel(spec, model, opts.out, card(step, trainSeconds, status, { training }));
        log(`checkpoint: step ${step}, training examples: ${spec.describe(training)}`);
      },
    });
    const training = spec.evaluate(model, photos.train, opts.recipe.batch);
    const heldOut =
      photos.heldOut.length > 0 ? spec.evaluate(model, photos.heldOut, opts.recipe.batch) : null;
    const status = result.cancelled
      ? `stopped at step ${result.step} of ${opts.recipe.steps}.`
      : `complete (${result.step} steps).`;
    const quality = { training, ...(heldOut ? { heldOut } : {}) };
    await exportFamilyModel(spec, model, opts.out, card(result.step, result.trainSeconds, status, quality));
    return { ...result, heldOut, parameters: model.parameterCount() };
  } finally {
    model.dispose();
  }
}

/** The completion family: the grid ANP, measured in the holes of fixed windows. */
export const COMPLETION_FAMILY: GridFamilySpec<GridAnpModel, GridRecipe['batch'], GridQuality> = {
  kind: 'grid-anp',
  name: 'grid ANP',
  create: (config: GridAnpConfig, seed) => createGridModel(config, { seed }),
  evaluate: (model, photos, batch) => evaluateGrid(model, photos, batch),
  describe: (q) =>
    `mean ${q.meanPsnr.toFixed(2)} dB, fill ${q.fillPsnr.toFixed(2)} dB, NLL ${q.nll.toFixed(3)}`,
  renderCard: (info) => renderGridModelCard(info),
};

export type GridRunOptions = FamilyRunOptions<GridAnpModel, GridRecipe['batch']>;
export type GridRunResult = FamilyRunResult<GridQuality>;

export const runGridTraining = (opts: GridRunOptions): Promise<GridRunResult> =>
  runFamilyTraining(COMPLETION_FAMILY, opts);

/** Writes a grid ANP's model folder with its card. */
export const exportGridModel = (
  model: GridAnpModel,
  dir: string,
  card: Omit<GridCardInfo, 'config' | 'parameters'>,
  metrics?: object,
): Promise<void> => exportFamilyModel(COMPLETION_FAMILY, model, dir, card, metrics);
