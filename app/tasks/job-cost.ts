/**
 * What a job will cost before it starts: approximate peak memory, and for upscaling the number of
 * model tiles (its running time grows with them). Past the limits a job runs only when the user has
 * confirmed it (`confirm` in the API, `--yes` on the command line).
 */
import { ApiError } from '../api/errors.js';
import type { ModelSummary, SuperResShape } from '../compute/index.js';
import { planSuperRes, tileBudget, tileBytes, type Span } from './superres-plan.js';
import { CORE, MARGIN } from './grid-levels.js';
import { planUpscale, type ModelShape } from './upscale-plan.js';

export interface ImageShape {
  width: number;
  height: number;
  channels: number;
  bitDepth: number;
}

export interface JobCost {
  bytes: number;
  tiles?: number;
}

export const COST_LIMITS = { bytes: 2 * 1024 ** 3, tiles: 250_000 } as const;

/** The engine's own footprint: tfjs, the worker threads with their models, tiles and output bands in flight. */
const BASE_BYTES = 880 * 1024 ** 2;
/** The model's colours of every input pixel: three float32s. */
const COLOUR_BYTES = 12;

function sampleBytes(image: ImageShape): number {
  return image.channels * (image.bitDepth / 8);
}

/** An upscale holds the decoded input twice while decoding. */
function decodedInputBytes(image: ImageShape): number {
  return image.width * image.height * 2 * sampleBytes(image);
}

/**
 * What one target of an upscale tile costs the inference threads while its job runs (features,
 * attention, the batch it is stacked into). A tile's targets grow with the square of the scale,
 * which is what made a ×16 of a small photo the costliest upscale here. Fitted on the shipped
 * `photo-superres` peaks (`/usr/bin/time -f %M anp upscale`, 2 workers): 96×64 at ×1/2/4/8/12/16
 * peaked at 579/782/869/1114/1503/2196 MB with 35–8,937 targets a tile, 400×300 at ×8 at 1,391 MB
 * (estimates 888/911/1,005/1,382/2,009/2,887 and 1,396 MB).
 */
const TILE_TARGET_BYTES = 230 * 1024;

/** What an upscale's estimate needs of the model: a grid super-resolution model's own shape too. */
export type UpscaleShape = ModelShape & Pick<ModelSummary, 'superRes'>;

/**
 * Upscaling holds the decoded input twice while decoding, then reads the model's colours from the
 * samples themselves (`colourGrid`); output is streamed. A point-set model's tile targets cost the
 * threads TILE_TARGET_BYTES (measured on 100 MP ×1: 1105 MB peak RSS for 8-bit RGB, estimate
 * 1460 MB; 1801 MB for 16-bit, estimate 2032 MB); a grid super-resolution model's cost is its
 * own (`gridUpscaleCost`), with `workers` threads.
 */
export function upscaleCost(
  image: ImageShape,
  out: { width: number; height: number },
  shape: UpscaleShape,
  workers: number,
): Required<JobCost> {
  if (shape.superRes) return gridUpscaleCost(image, out, shape.superRes, workers);
  const plan = planUpscale(image.width, image.height, out.width, out.height, shape);
  const tiles = plan.columns.length * plan.rows.length;
  const targetsPerTile = (out.width * out.height) / tiles;
  return {
    bytes: BASE_BYTES + decodedInputBytes(image) + targetsPerTile * TILE_TARGET_BYTES,
    tiles,
  };
}

/**
 * The grid super-resolution model's upscale, beside the threads' tiles (`tileBytes`, fitted on the
 * threads' wasm memory; only as many threads as there are tiles run one): the engine's own memory
 * (tfjs, the decoded input, sharp) and each thread's own (tfjs, its wasm module, the model). Fitted on
 * `/usr/bin/time -f %M anp upscale` with the 48-channel model on an idle machine: 96×64 ×4 (one tile)
 * at 518 MB peak RSS with 1 thread and 642 MB with 2; with 2, 512² ×4 at 1,084 MB, ×2 at 1,122,
 * 1024×128 ×4 at 1,002 and 1024² ×4 (a 4096² output, 64 tiles of 128² anchors) at 1,150 (estimates
 * 518, 630, 1,093, 1,059, 1,107 and 1,112 MB).
 */
const GRID_ENGINE_BYTES = 220 * 1024 ** 2;
const GRID_THREAD_BYTES = 112 * 1024 ** 2;

function gridUpscaleCost(
  image: ImageShape,
  out: { width: number; height: number },
  shape: SuperResShape,
  workers: number,
): Required<JobCost> {
  const plan = planSuperRes(image.width, image.height, out.width, out.height, shape, tileBudget(workers));
  const largest = (spans: Span[], first?: Int32Array) =>
    Math.max(...spans.map(([a, b]) => (first ? first[b]! - first[a]! : b - a)));
  const tile = tileBytes(shape, largest(plan.tileRows), largest(plan.tileColumns), plan.slots);
  const band = largest(plan.tileRows, plan.firstRow) * out.width * (COLOUR_BYTES + sampleBytes(image));
  const tiles = plan.tileRows.length * plan.tileColumns.length;
  return {
    bytes:
      GRID_ENGINE_BYTES +
      decodedInputBytes(image) +
      workers * GRID_THREAD_BYTES +
      Math.min(workers, tiles) * tile +
      band,
    tiles,
  };
}

/** A grid completion's chain per pixel of its region: colours, known and lattice bits, σ's variance. */
const CHAIN_BYTES = COLOUR_BYTES + 2 + 4;
/** Its levels below the finest add a third (¼ + 1/16 + …). */
const PYRAMID = 4 / 3;

/** The completion job's share of the engine besides its threads and its per-pixel arrays. */
const GRID_COMPLETION_ENGINE_BYTES = 280 * 1024 ** 2;
/** Side of the largest window a thread completes: its targets and the known margin round them. */
const COMPLETION_WINDOW = CORE + 2 * MARGIN;
/**
 * A thread's wasm heap per feature channel and window pixel: its high-water mark while it completes
 * full windows. Fitted on measured peaks of `photo-completion` (32 channels, `/usr/bin/time -f %M
 * anp inpaint`): a second thread added 674 MB (1024×680 photo, a 256×200 hole, 1 sample); the
 * estimate is then 2–16 % over the measured peak from 512×340 to 2048×1365 photos, 1–3 samples, 1–2
 * threads, and 0.5 % under it for 2048×1365 with 3 samples on 1 thread.
 */
const COMPLETION_THREAD_BYTES_PER_CHANNEL_PIXEL = 822;

/** What a completion's estimate needs of the model: a grid completion model's own shape. */
export type InpaintShape = Pick<ModelSummary, 'completion'>;

/**
 * Completion keeps the decoded input, the hole and its distance map, and per chain (the mean and
 * each sample) the region's colours at every level, at most the whole image; one band of output at
 * a time. Grows with the samples; a grid completion model's threads each hold a window's work,
 * which follows the model's width.
 */
export function inpaintCost(
  image: ImageShape,
  samples: number,
  shape: InpaintShape,
  workers: number,
): JobCost {
  const pixels = image.width * image.height;
  const chains = samples + 1;
  const arrays = pixels * (3 * sampleBytes(image) + 1 + 4 + COLOUR_BYTES + chains * CHAIN_BYTES * PYRAMID);
  if (!shape.completion) return { bytes: BASE_BYTES + arrays };
  const thread =
    shape.completion.channels * COMPLETION_WINDOW ** 2 * COMPLETION_THREAD_BYTES_PER_CHANNEL_PIXEL;
  return { bytes: GRID_COMPLETION_ENGINE_BYTES + workers * thread + arrays };
}

export function describeCost(cost: JobCost): string {
  const gb = `about ${(cost.bytes / 1024 ** 3).toFixed(1)} GB of memory`;
  return cost.tiles === undefined ? gb : `${gb} and ${formatCount(cost.tiles)} model tiles`;
}

export function overLimits(cost: JobCost): boolean {
  return cost.bytes > COST_LIMITS.bytes || (cost.tiles ?? 0) > COST_LIMITS.tiles;
}

/** Refuses a job past the limits unless confirmed, saying what it would cost and how to go ahead. */
export function checkCost(what: string, cost: JobCost, confirmed: boolean, howToConfirm: string): void {
  if (!overLimits(cost) || confirmed) return;
  throw new ApiError(
    'NEEDS_CONFIRMATION',
    `${what} would need ${describeCost(cost)}, past the limits (${COST_LIMITS.bytes / 1024 ** 3} GB, ${formatCount(COST_LIMITS.tiles)} tiles); ${howToConfirm}`,
  );
}

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} k`;
  return String(n);
}
