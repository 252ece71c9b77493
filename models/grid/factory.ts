import { freeScope } from '../nn/params.js';
import { type GridAnpConfig, validateGridConfig } from './config.js';
import { GridAnpModel } from './grid-anp.js';
import { type GridSuperResConfig, validateSuperResConfig } from './superres-config.js';
import { GridSuperResModel } from './superres.js';

export interface CreateGridModelOptions {
  /** Seed of the deterministic initialisation (default 0). */
  seed?: number;
  /** Prefix of the registered tfjs variable names; default '' when free, else the first free 'm<n>/'. */
  scope?: string;
}

/** Validates the config and builds a grid ANP's variables. */
export function createGridModel(config: GridAnpConfig, options: CreateGridModelOptions = {}): GridAnpModel {
  const valid = validateGridConfig({ ...config });
  return new GridAnpModel(valid, options.seed ?? 0, options.scope ?? freeScope('dec/l0/kernel'));
}

/** Validates the config and builds a grid super-resolution ANP's variables. */
export function createSuperResModel(
  config: GridSuperResConfig,
  options: CreateGridModelOptions = {},
): GridSuperResModel {
  const valid = validateSuperResConfig({ ...config });
  return new GridSuperResModel(valid, options.seed ?? 0, options.scope ?? freeScope('dec/l0/kernel'));
}
