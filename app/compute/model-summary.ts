/**
 * A model from its manifest and weight bytes, with the summary the tasks plan by. No file access, so
 * a browser compute page (WebGPU) and the Node inference threads build models the same way.
 */
import type { NeuralProcess } from '../../models/core/types.js';
import { superResHalo, type GridAnpModel, type GridSuperResModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import {
  deserializeTrainableModel,
  isGridModel,
  isSuperResModel,
  meanBaseOf,
  type TrainableModel,
} from '../model-factory.js';
import { ONLY_UPSCALES, type ModelSummary } from './protocol.js';

/** Training window side and context count when a manifest does not state them (the data defaults). */
const DEFAULT_WINDOW = 32;
const DEFAULT_MAX_CONTEXT = 200;

export type LoadedModel =
  | { family: 'points'; model: NeuralProcess; summary: ModelSummary }
  | { family: 'grid'; model: GridAnpModel; summary: ModelSummary }
  | { family: 'superres'; model: GridSuperResModel; summary: ModelSummary };

/** The point-set model of an entry; a grid model is refused with a clear error. */
export function pointModel(entry: LoadedModel): NeuralProcess {
  if (entry.family === 'superres') throw new ApiError('INVALID_ARGUMENT', ONLY_UPSCALES);
  if (entry.family === 'grid')
    throw new ApiError(
      'INVALID_ARGUMENT',
      'this model works on the pixel grid and only completes photos; pick a model that can upscale',
    );
  return entry.model;
}

/** The grid completion model of an entry; a super-resolution model is refused with a clear error. */
export function gridModel(entry: LoadedModel): GridAnpModel {
  if (entry.family === 'superres') throw new ApiError('INVALID_ARGUMENT', ONLY_UPSCALES);
  if (entry.family !== 'grid')
    throw new ApiError('INTERNAL', `a grid job was sent to a ${entry.family} model`);
  return entry.model;
}

/** The grid super-resolution model of an entry. */
export function superResModel(entry: LoadedModel): GridSuperResModel {
  if (entry.family !== 'superres')
    throw new ApiError('INTERNAL', `a grid super-resolution job was sent to a ${entry.family} model`);
  return entry.model;
}

/** Builds the model; `source` names it in errors (a folder, or a model id). */
export function modelFromBytes(
  manifest: Record<string, unknown>,
  weights: Uint8Array,
  source: string,
): LoadedModel {
  let model: TrainableModel;
  try {
    model = deserializeTrainableModel(manifest as never, weights);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('MODEL_ERROR', `the model in ${source} cannot be loaded (${why})`);
  }
  const sigmaScale = numberAt(manifest, ['calibration', 'sigmaScale']) ?? 1;
  if (isGridModel(model) || isSuperResModel(model)) {
    const summary: ModelSummary = {
      family: isGridModel(model) ? 'grid' : 'superres',
      xDim: 2,
      yDim: model.config.yDim,
      ...trainingShape(manifest),
      maxContext: 0,
      maxGridContext: 0,
      parameters: model.parameterCount(),
      meanBase: 'none',
      contextFeatures: 0,
      targetFeatures: 0,
      sigmaScale,
    };
    if (isGridModel(model))
      return {
        family: 'grid',
        model,
        summary: { ...summary, completion: { channels: model.config.channels } },
      };
    const { channels, attentionChannels } = model.config;
    const superRes = { halo: superResHalo(model.config), channels, attentionChannels };
    return { family: 'superres', model, summary: { ...summary, superRes } };
  }
  const { xDim, yDim } = model.config;
  if (xDim !== 2)
    throw new ApiError('MODEL_ERROR', `the model in ${source} is not an image model (xDim ${xDim})`);
  const summary: ModelSummary = {
    family: 'points',
    xDim,
    yDim,
    ...trainingShape(manifest),
    parameters: model.parameterCount(),
    meanBase: meanBaseOf(model.config),
    contextFeatures: model.config.contextFeatures,
    targetFeatures: model.config.targetFeatures,
    sigmaScale,
  };
  return { family: 'points', model, summary };
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
