/** Models loaded in this thread, one per model folder, loaded once and kept for the thread's life. */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/types.js';
import { ApiError } from '../api/errors.js';
import { deserializeAppModel, meanBaseOf } from '../model-factory.js';
import { loadModelDir } from '../model-files.js';
import type { ModelSummary } from './protocol.js';

/** Training window side and context count when a manifest does not state them (the data defaults). */
const DEFAULT_WINDOW = 32;
const DEFAULT_MAX_CONTEXT = 200;

export interface LoadedModel {
  model: NeuralProcess;
  summary: ModelSummary;
}

const cache = new Map<string, Promise<LoadedModel>>();
/** The tensors each loaded model's weights hold, by model folder. */
const weightTensors = new Map<string, number>();

/** Live tensors held by the weights of the models loaded in this thread. */
export function loadedModelTensors(): number {
  let total = 0;
  for (const n of weightTensors.values()) total += n;
  return total;
}

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
  const before = tf.memory().numTensors;
  try {
    model = deserializeAppModel(manifest as never, weights);
    weightTensors.set(dir, tf.memory().numTensors - before);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('MODEL_ERROR', `the model in ${dir} cannot be loaded (${why})`);
  }
  const { xDim, yDim } = model.config;
  if (xDim !== 2)
    throw new ApiError('MODEL_ERROR', `the model in ${dir} is not an image model (xDim ${xDim})`);
  const summary: ModelSummary = {
    xDim,
    yDim,
    ...trainingShape(manifest),
    parameters: model.parameterCount(),
    meanBase: meanBaseOf(model.config),
    contextFeatures: model.config.contextFeatures,
    targetFeatures: model.config.targetFeatures,
    sigmaScale: numberAt(manifest, ['calibration', 'sigmaScale']) ?? 1,
  };
  return { model, summary };
}

/** A number at a path of the manifest, if it is a positive finite number there. */
function numberAt(manifest: Record<string, unknown>, path: string[]): number | undefined {
  let value: unknown = manifest;
  for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A number at a path of the manifest, if it is a positive integer there. */
function intAt(manifest: Record<string, unknown>, path: string[]): number | undefined {
  const value = numberAt(manifest, path);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/** What the model was trained on, from its recipe: window side and context sizes. */
function trainingShape(
  manifest: Record<string, unknown>,
): Pick<ModelSummary, 'window' | 'maxContext' | 'maxGridContext'> {
  const window =
    intAt(manifest, ['recipe', 'batch', 'window', 'size']) ??
    intAt(manifest, ['recipe', 'window']) ??
    DEFAULT_WINDOW;
  const maxContext = intAt(manifest, ['recipe', 'batch', 'task', 'maxContext']) ?? DEFAULT_MAX_CONTEXT;
  const maxGridContext = intAt(manifest, ['recipe', 'batch', 'task', 'maxGridContext']) ?? maxContext;
  return { window, maxContext, maxGridContext };
}
