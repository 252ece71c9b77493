/**
 * One region of an upscale, computed alone: the tiles of the whole image's plan whose targets reach
 * the region are evaluated and blended, so the region holds exactly the pixels the whole upscale
 * writes there, in a small part of its time. It serves the 100 % preview, and times the model on a
 * plan for the estimate shown before running.
 */
import { runTiles, type InferencePool } from '../compute/index.js';
import type { Region } from '../imaging/colour.js';
import type { ModelRef } from '../util/task.js';
import type { AxisTile } from './tiling.js';
import { JOB_SIZE, planTiles, type UpscaleSource } from './upscale-core.js';
import { planUpscale, targetRange, type ModelShape } from './upscale-plan.js';

export interface RegionRun {
  pool: InferencePool;
  model: ModelRef;
  shape: ModelShape;
  signal: AbortSignal;
}

export interface RegionColours {
  /** [region.height × region.width × yDim] model colours. */
  colours: Float32Array;
  /** The tiles evaluated, and the seconds they took with every thread working (warm-up excluded). */
  tiles: number;
  seconds: number;
}

/**
 * Model targets per thread in a timing sample: enough tiles for a steady rate, a fraction of a
 * second of work (2 to 48 tiles, from ×16's large tiles to ×1.5's small ones).
 */
const SAMPLE_TARGETS_PER_THREAD = 8_000;

/** The tiles along one axis whose targets reach output pixels [from, to). */
function reaching(tiles: AxisTile[], inSize: number, outSize: number, from: number, to: number): AxisTile[] {
  return tiles.filter((tile) => {
    const [first, end] = targetRange(tile, inSize, outSize);
    return first < to && end > from;
  });
}

export async function upscaleRegion(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  region: Region,
  run: RegionRun,
): Promise<RegionColours> {
  const { plan, build } = planTiles(src, outWidth, outHeight, run.shape);
  const rows = reaching(plan.rows, src.height, outHeight, region.y, region.y + region.height);
  const columns = reaching(plan.columns, src.width, outWidth, region.x, region.x + region.width);
  const built = rows.flatMap((row) => columns.map((column) => build(row, column)));
  // No samples are drawn, so jobs may follow the thread count: every thread gets a share.
  const jobSize = Math.min(JOB_SIZE, Math.ceil(built.length / run.pool.workers));
  const queries = built.map((tile) => tile.query);
  await run.pool.warm(run.model, { tiles: queries.slice(0, jobSize), samples: 0, seed: 0 });
  const started = performance.now();
  const options = { samples: 0, seed: 0, signal: run.signal, jobSize };
  const results = await runTiles(run.pool, run.model, queries, options);
  const seconds = (performance.now() - started) / 1000;
  const { yDim } = src;
  const colours = new Float32Array(region.width * region.height * yDim);
  results.forEach((result, t) => {
    const { index, weight } = built[t]!.targets;
    for (let k = 0; k < index.length; k++) {
      const i = (index[k]! % outWidth) - region.x;
      const j = Math.floor(index[k]! / outWidth) - region.y;
      if (i < 0 || j < 0 || i >= region.width || j >= region.height) continue;
      const at = (j * region.width + i) * yDim;
      for (let c = 0; c < yDim; c++) colours[at + c]! += weight[k]! * result.mean[k * yDim + c]!;
    }
  });
  return { colours, tiles: built.length, seconds };
}

/** Seconds per tile of the plan with every thread working, timed on a sample around the middle. */
export async function measureTileSeconds(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: RegionRun,
): Promise<number> {
  const plan = planUpscale(src.width, src.height, outWidth, outHeight, run.shape);
  const middle = (tiles: AxisTile[], inSize: number, outSize: number) => {
    const [first, end] = targetRange(tiles[Math.floor(tiles.length / 2)]!, inSize, outSize);
    return { first, span: Math.max(1, end - first) };
  };
  const column = middle(plan.columns, src.width, outWidth);
  const row = middle(plan.rows, src.height, outHeight);
  /** A square of about `tiles` tiles' targets from the middle tile on, inside the output. */
  const around = (tiles: number): Region => {
    const side = Math.max(1, Math.round(Math.sqrt(tiles)));
    const width = Math.min(outWidth, side * column.span);
    const height = Math.min(outHeight, side * row.span);
    const x = Math.min(column.first, outWidth - width);
    return { x, y: Math.min(row.first, outHeight - height), width, height };
  };
  const perThread = Math.round(SAMPLE_TARGETS_PER_THREAD / (column.span * row.span));
  const region = around(Math.min(JOB_SIZE, Math.max(2, perThread)) * run.pool.workers);
  const sample = await upscaleRegion(src, outWidth, outHeight, region, run);
  return sample.seconds / sample.tiles;
}
