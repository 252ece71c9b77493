import { resolveConfig } from './config.js';
import { freeScope } from './nn/params.js';
import { NeuralProcessModel } from './np/neural-process.js';
import type { NeuralProcess, NPConfig } from './types.js';

export interface CreateModelOptions {
  /** Seed of the deterministic initialisation (default 0). */
  seed?: number;
  /**
   * Prefix of the registered tfjs variable names, e.g. 'np/'. Default: '' when no live model uses
   * the names, else the first free 'm<n>/'. Stable names (serialisation, `variables()`) never carry it.
   */
  scope?: string;
}

/** The one factory of the family: fills defaults for `kind`, validates ranges, builds the variables. */
export function createModel(
  config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>,
  options: CreateModelOptions = {},
): NeuralProcess {
  const resolved = resolveConfig(config);
  const scope = options.scope ?? freeScope('dec/l0/kernel');
  return new NeuralProcessModel(resolved, options.seed ?? 0, scope);
}
