/**
 * The app's only way to make or load a model: the library's factory and deserialiser given the app's
 * mean bases, so every model the app builds (training, workers, tasks, experiments, benches) can
 * resolve a manifest's 'interpolation' or 'sharpened' `meanBase`.
 */
import {
  createGridModel,
  createModel,
  createSuperResModel,
  deserializeGridModel,
  deserializeModel,
  deserializeSuperResModel,
  type CreateModelOptions,
  type GridAnpConfig,
  type GridAnpModel,
  type GridSuperResConfig,
  type GridSuperResModel,
  type NeuralProcess,
  type NPConfig,
} from '../models/index.js';
import { INTERPOLATION_BASE, SHARPENED_BASE } from './mean-base/interpolation.js';

/** The `meanBase` names the app's models may have, in the order the CLI lists them. */
export const MEAN_BASES = ['none', 'interpolation', 'sharpened', 'residual'] as const;
export type MeanBaseName = (typeof MEAN_BASES)[number];

const withMeanBases = (modelOptions: Omit<CreateModelOptions, 'meanBases'>): CreateModelOptions => ({
  ...modelOptions,
  meanBases: [INTERPOLATION_BASE, SHARPENED_BASE],
});

export function createAppModel(
  config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>,
  modelOptions: Omit<CreateModelOptions, 'meanBases'> = {},
): NeuralProcess {
  return createModel(config, withMeanBases(modelOptions));
}

export function deserializeAppModel(
  manifest: unknown,
  weights: Uint8Array,
  modelOptions: Omit<CreateModelOptions, 'meanBases'> = {},
): NeuralProcess {
  return deserializeModel(manifest, weights, withMeanBases(modelOptions));
}

/** The config's `meanBase` as one of the app's names (every model the app built has one). */
export function meanBaseOf(config: NPConfig): MeanBaseName {
  const name = MEAN_BASES.find((n) => n === config.meanBase);
  if (!name) throw new Error(`meanBase '${config.meanBase}' is not one the app provides`);
  return name;
}

/** Any model the app trains: a point-set neural process, a grid ANP (completion) or a grid super-resolution ANP. */
export type TrainableModel = NeuralProcess | GridAnpModel | GridSuperResModel;
export type TrainableConfig = NPConfig | GridAnpConfig | GridSuperResConfig;

export const isGridModel = (model: TrainableModel): model is GridAnpModel => model.config.kind === 'grid-anp';
export const isSuperResModel = (model: TrainableModel): model is GridSuperResModel =>
  model.config.kind === 'grid-superres';

/** A model of any family from its config (grid models need no mean bases: theirs is an input). */
export function createTrainableModel(
  config: TrainableConfig,
  modelOptions: Omit<CreateModelOptions, 'meanBases'> = {},
): TrainableModel {
  if (config.kind === 'grid-anp') return createGridModel(config, modelOptions);
  if (config.kind === 'grid-superres') return createSuperResModel(config, modelOptions);
  return createAppModel(config, modelOptions);
}

/** A model folder's model of any family. */
export function deserializeTrainableModel(
  manifest: { config?: { kind?: unknown } },
  weights: Uint8Array,
  modelOptions: Omit<CreateModelOptions, 'meanBases'> = {},
): TrainableModel {
  if (manifest.config?.kind === 'grid-anp') return deserializeGridModel(manifest, weights, modelOptions);
  if (manifest.config?.kind === 'grid-superres')
    return deserializeSuperResModel(manifest, weights, modelOptions);
  return deserializeAppModel(manifest, weights, modelOptions);
}
