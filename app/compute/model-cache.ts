/** Models loaded in this thread, one per model folder, loaded once and kept for the thread's life. */
import { deserializeModel } from '../../models/index.js';
import type { NeuralProcess } from '../../models/types.js';
import { ApiError } from '../api/errors.js';
import { loadModelDir } from '../model-files.js';
import type { ModelSummary } from './protocol.js';

/** Training window side when a manifest does not state one (the photo recipe's default). */
const DEFAULT_WINDOW = 32;

export interface LoadedModel {
  model: NeuralProcess;
  summary: ModelSummary;
}

const cache = new Map<string, Promise<LoadedModel>>();

export function loadModel(dir: string): Promise<LoadedModel> {
  let entry = cache.get(dir);
  if (!entry) {
    entry = readModel(dir);
    cache.set(dir, entry);
    entry.catch(() => cache.delete(dir));
  }
  return entry;
}

async function readModel(dir: string): Promise<LoadedModel> {
  const { manifest, weights } = await loadModelDir(dir);
  let model: NeuralProcess;
  try {
    model = deserializeModel(manifest as never, weights);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('MODEL_ERROR', `the model in ${dir} cannot be loaded (${why})`);
  }
  const { xDim, yDim } = model.config;
  if (xDim !== 2)
    throw new ApiError('MODEL_ERROR', `the model in ${dir} is not an image model (xDim ${xDim})`);
  return { model, summary: { xDim, yDim, window: windowOf(manifest), parameters: model.parameterCount() } };
}

function windowOf(manifest: Record<string, unknown>): number {
  const recipe = manifest['recipe'] as Record<string, unknown> | undefined;
  const value = recipe?.['window'] ?? manifest['window'];
  return typeof value === 'number' && Number.isInteger(value) && value >= 4 ? value : DEFAULT_WINDOW;
}
