import { serializeModel } from '../../models/index.js';
import type { BackendPreference } from '../../models/backend.js';
import type { TrainableModel } from '../model-factory.js';
import { saveModelDir } from '../model-files.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import type { TrainOptions, TrainRecipe, AnyBatchOptions } from './train.js';

export interface ModelFolderInfo {
  title: string;
  summary: string;
  recipe: TrainRecipe<AnyBatchOptions>;
  metrics: object;
  /** MODEL_CARD.md, rendered. */
  card: string;
}

/** Writes a model folder: weights, a manifest (with the card's title as the model's name) and the card. */
export async function writeModelFolder(
  model: TrainableModel,
  dir: string,
  info: ModelFolderInfo,
): Promise<void> {
  // `window` at the top of the recipe is what inference reads to size its tiles.
  const { batch } = info.recipe;
  const recipe = { window: 'window' in batch ? batch.window.size : batch.lowSize, ...info.recipe };
  const serialized = await serializeModel(model, { recipe, metrics: info.metrics });
  const manifest = { ...serialized.manifest, name: info.title, description: info.summary };
  await saveModelDir(dir, { manifest, weights: serialized.weights, card: info.card });
}

/** The backend gradient workers start: the run's own where it names a CPU one, else the same choice as the app's. */
export const workerBackend = (backendName: string): BackendPreference =>
  backendName === 'wasm' || backendName === 'cpu' ? backendName : 'auto';

/** What a whole run (point-set or grid) tells the trainer about where and how to run. */
export interface RunPlace {
  workDir: string;
  resume?: boolean;
  workers?: number;
  backendName: string;
  checkpointEverySteps?: number;
  checkpointEverySeconds?: number;
  signal?: AbortSignal;
}

/** The trainer's options for a run, less its callbacks. */
export function trainerOptions(
  run: RunPlace,
  model: TrainableModel,
  photos: readonly CachedPhoto[],
  recipe: TrainRecipe<AnyBatchOptions>,
): TrainOptions {
  return {
    model,
    photos,
    recipe,
    workDir: run.workDir,
    resume: run.resume ?? false,
    workers: run.workers ?? 0,
    backend: workerBackend(run.backendName),
    ...(run.checkpointEverySteps !== undefined ? { checkpointEverySteps: run.checkpointEverySteps } : {}),
    ...(run.checkpointEverySeconds !== undefined
      ? { checkpointEverySeconds: run.checkpointEverySeconds }
      : {}),
    ...(run.signal ? { signal: run.signal } : {}),
  };
}
