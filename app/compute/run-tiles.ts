/** Spreads many tiles over the pool in fixed-size jobs, reporting each finished tile. */
import type { ModelRef } from '../util/task.js';
import type { InferencePool } from './pool.js';
import type { TileQuery, TileResult } from './protocol.js';

export interface RunTilesOptions {
  samples: number;
  seed: number;
  signal: AbortSignal;
  onTiles?: (finished: number) => void;
  /**
   * Tiles per job. Fixed rather than derived from the thread count, so seeded draws are the same
   * whatever the number of threads.
   */
  jobSize?: number;
}

export async function runTiles(
  pool: InferencePool,
  model: ModelRef,
  tiles: TileQuery[],
  options: RunTilesOptions,
): Promise<TileResult[]> {
  const size = options.jobSize ?? 48;
  const jobs: Promise<TileResult[]>[] = [];
  for (let start = 0, index = 0; start < tiles.length; start += size, index++) {
    const part = tiles.slice(start, start + size);
    const seed = (options.seed * 7919 + index * 104_729) % 2_147_483_647;
    jobs.push(
      pool
        .evaluate(model, { tiles: part, samples: options.samples, seed }, options.signal)
        .then((results) => {
          options.onTiles?.(part.length);
          return results;
        }),
    );
  }
  return (await Promise.all(jobs)).flat();
}
