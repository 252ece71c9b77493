import { resolveConfig } from './config.js';
import { freeScope } from './nn/params.js';
import { NeuralProcessModel } from './np/neural-process.js';
import type { MeanBaseStrategy, NeuralProcess, NPConfig } from './core/types.js';

export interface CreateModelOptions {
  /** Seed of the deterministic initialisation (default 0). */
  seed?: number;
  /**
   * Prefix of the registered tfjs variable names, e.g. 'np/'. Default: '' when no live model uses
   * the names, else the first free 'm<n>/'. Stable names (serialisation, `variables()`) never carry it.
   */
  scope?: string;
  /** The mean bases the caller provides; the one named by the config's `meanBase` is used. */
  meanBases?: readonly MeanBaseStrategy[];
}

/** Names the library handles itself: no base, and the caller's `targets.base`. */
const BUILT_IN_BASES: readonly string[] = ['none', 'residual'];

/**
 * The one factory of the family: fills defaults for `kind`, validates ranges, picks the mean base
 * strategy the config names, builds the variables.
 */
export function createModel(
  config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>,
  options: CreateModelOptions = {},
): NeuralProcess {
  const resolved = resolveConfig(config);
  let meanBase: MeanBaseStrategy | null = null;
  if (!BUILT_IN_BASES.includes(resolved.meanBase)) {
    const given = options.meanBases ?? [];
    meanBase = given.find((s) => s.name === resolved.meanBase) ?? null;
    if (!meanBase) {
      const names = [...BUILT_IN_BASES, ...given.map((s) => s.name)].join(', ');
      throw new RangeError(`meanBase must be one of ${names}, got ${resolved.meanBase}`);
    }
  }
  const scope = options.scope ?? freeScope('dec/l0/kernel');
  return new NeuralProcessModel(resolved, options.seed ?? 0, scope, meanBase);
}
