/**
 * Super-resolution of a whole image by the grid super-resolution ANP (`upscale-core.ts` does it for
 * point-set models): tiles of anchors run on the pool, a few per thread at a time, every tile under
 * the one z read from the image's middle, so tiles are exact pieces of the whole prediction and no
 * seam can show. A tile row's output rows go to the sink as soon as its last tile is in: memory
 * scales with the output width times a tile row, never with the output area.
 */
import type { InferencePool, SuperResJob, SuperResResult, SuperResShape } from '../compute/index.js';
import { throwIfCancelled, type ModelRef } from '../util/task.js';
import { runOrdered } from './run-ordered.js';
import { planSuperRes, tileBudget, type SuperResPlan } from './superres-plan.js';
import {
  allTiles,
  latentFromCrop,
  outputWindow,
  scatterSlots,
  superResSource,
  tileJob,
  type OutputWindow,
  type SuperResSource,
  type SuperResTile,
} from './superres-tiles.js';
import type { UpscaleRun, UpscaleSource } from './upscale-core.js';

export interface SuperResRun {
  pool: InferencePool;
  model: ModelRef;
  shape: SuperResShape;
  signal: AbortSignal;
  withStd?: boolean;
  /** A thread's memory budget for one tile (default: `tileBudget` of the pool's threads). */
  tileBytes?: number;
}

export type GridUpscaleRun = Omit<UpscaleRun, 'shape' | 'launchTiles'> & SuperResRun;

/** The plan of an upscale of `src` to outWidth × outHeight. */
export function planGridUpscale(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: SuperResRun,
): SuperResPlan {
  const budget = run.tileBytes ?? tileBudget(run.pool.workers);
  return planSuperRes(src.width, src.height, outWidth, outHeight, run.shape, budget);
}

/** Tiles in flight per thread: one running, one queued behind it. */
const TILES_PER_THREAD = 2;

/**
 * Evaluates `tiles` and hands each result to `consume`, in order. The first tile's job also reads z
 * (its prior mean) from the image's central crop; every other tile is given that z.
 */
export async function runSuperResTiles(
  source: SuperResSource,
  tiles: SuperResTile[],
  run: SuperResRun,
  consume: (tile: SuperResTile, result: SuperResResult) => Promise<void> | void,
): Promise<void> {
  const send = (tile: SuperResTile, latent: SuperResJob['latent']): Promise<SuperResResult> => {
    throwIfCancelled(run.signal);
    return run.pool.superres(run.model, tileJob(source, tile, latent, run.withStd ?? false), run.signal);
  };
  const first = send(tiles[0]!, latentFromCrop(source));
  const shared = first.then((result) => ({ z: result.z }));
  await runOrdered(
    tiles.length,
    TILES_PER_THREAD * run.pool.workers,
    (i) => (i === 0 ? first : shared.then((latent) => send(tiles[i]!, latent))),
    (i, result) => consume(tiles[i]!, result),
  );
}

/** The output rows of a tile row. */
function bandOf(plan: SuperResPlan, tile: SuperResTile, yDim: number): OutputWindow {
  const top = plan.firstRow[tile.rows[0]]!;
  return outputWindow(top, 0, plan.outWidth, plan.firstRow[tile.rows[1]]! - top, yDim);
}

export async function upscaleOnGrid(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: GridUpscaleRun,
): Promise<void> {
  const plan = planGridUpscale(src, outWidth, outHeight, run);
  const source = superResSource(src, plan);
  const tiles = allTiles(plan);
  const { yDim } = src;
  let band: { mean: OutputWindow; std: OutputWindow | undefined } | undefined;
  let done = 0;
  run.onTiles(0, tiles.length);
  await runSuperResTiles(source, tiles, run, async (tile, result) => {
    band ??= {
      mean: bandOf(plan, tile, yDim),
      std: run.withStd ? bandOf(plan, tile, yDim) : undefined,
    };
    scatterSlots(plan, tile, result.mean, yDim, band.mean);
    if (band.std) scatterSlots(plan, tile, result.std, yDim, band.std);
    run.onTiles(++done, tiles.length);
    if (tile.columns[1] < plan.inWidth) return;
    const { mean, std } = band;
    band = undefined;
    if (mean.height > 0) await run.sink(mean.top, mean.height, mean.data, std?.data);
  });
}
