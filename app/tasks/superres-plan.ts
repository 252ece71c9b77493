/**
 * How an upscale by the grid super-resolution model is cut into tiles. Output pixels are grouped by
 * the low-resolution pixel they lie in, their anchor (`axisLayout`, once per axis for the whole
 * image); a tile is a block of anchors, cut from the image with the model's halo around it, so that
 * every tile is an exact piece of the whole image's prediction (given one z) and no tile overlaps
 * another. Blocks are as large as a thread's memory budget allows.
 */
import { axisLayout, type AxisLayout } from '../../models/index.js';
import type { SuperResShape } from '../compute/index.js';
import { blockBytes, blockRows } from '../compute/superres-eval.js';

/** Anchors [start, end) of one axis. */
export type Span = [number, number];

export interface SuperResPlan {
  inWidth: number;
  inHeight: number;
  outWidth: number;
  outHeight: number;
  rows: AxisLayout;
  columns: AxisLayout;
  halo: number;
  /** Target slots per anchor: rows.slots × columns.slots. */
  slots: number;
  /** The tiles' anchor spans on each axis; the tiles are their products, row-major. */
  tileRows: Span[];
  tileColumns: Span[];
  /** Output pixels before each anchor, per axis ([inSize + 1]): anchor a's lie in [first[a], first[a + 1]). */
  firstRow: Int32Array;
  firstColumn: Int32Array;
}

/**
 * Wasm heap per tile pixel and encoder channel: while the tile is encoded (every layer's output is
 * kept until the encoding ends), and of its code, held while its blocks run (features, the
 * attention's maps). Fitted on the heap's high-water mark after encoding 90² to 346² tile pixels with
 * the 48-channel model (83 to 1,100 MB): about 9 KB a pixel, of which 0.6 KB stays.
 */
const ENCODE_BYTES_PER_CHANNEL = 192;
const CODE_BYTES_PER_CHANNEL = 13;
/**
 * A tile's arrays per target slot: its job's offsets and base (5 floats) and its result (mean and σ,
 * 6) in the thread, and the job once more while it waits in the engine.
 */
const JOB_TARGET_BYTES = 4 * (5 + 6 + 5);

/**
 * The tile memory of all threads together, and of one: a thread's wasm memory never shrinks, so each
 * thread that ran a tile keeps what its largest tile took. With 1 or 2 threads a tile is 128² anchors
 * at ×1 to ×4 (154² tile pixels: the encoder's work 1.33× a 512² image's), 118² at ×8, 90² at ×16;
 * more threads get smaller tiles (at ×4: 79² with 4 threads, 32² with 8, where the encoding fills
 * the budget), down to 64 MB each.
 */
const ALL_TILES_BYTES = 768 * 2 ** 20;
const MAX_TILE_BYTES = 320 * 2 ** 20;
const MIN_TILE_BYTES = 64 * 2 ** 20;

/** A thread's memory budget for one tile when `workers` threads run tiles. */
export function tileBudget(workers: number): number {
  return Math.min(MAX_TILE_BYTES, Math.max(MIN_TILE_BYTES, ALL_TILES_BYTES / workers));
}

/** Most anchors on a tile's side: past it the halo saves little (an inner tile computes 1.45× its pixels). */
const MAX_TILE_SIDE = 128;
const MIN_TILE_SIDE = 4;

/**
 * What a thread holds while it evaluates a tile of rows × columns anchors: its encoding, half a
 * block (`blockRows` of the tile's rows), its code and its arrays. A block's tensors fit only partly
 * into what the encoding freed, its code lying among it: a tile of 128² anchors (154² pixels) at ×1
 * to ×8 peaked at 207 to 298 MB, the encoding's 208 MB and up to 0.56 of a block of about 160 MB, and
 * 94² at ×16 at 207 MB (the heap grows in 20 % steps).
 */
export function tileBytes(shape: SuperResShape, rows: number, columns: number, slots: number): number {
  const pixels = (rows + 2 * shape.halo) * (columns + 2 * shape.halo);
  const block = Math.min(rows, blockRows(shape.attentionChannels, columns, slots)) * columns;
  return (
    pixels * shape.channels * (ENCODE_BYTES_PER_CHANNEL + CODE_BYTES_PER_CHANNEL) +
    blockBytes(shape.attentionChannels, block, slots) / 2 +
    rows * columns * slots * JOB_TARGET_BYTES
  );
}

/** The largest square tile's side within the budget (at least MIN_TILE_SIDE). */
function tileSide(shape: SuperResShape, slots: number, budget: number): number {
  let side = MIN_TILE_SIDE;
  while (side < MAX_TILE_SIDE && tileBytes(shape, side + 1, side + 1, slots) <= budget) side++;
  return side;
}

/** `size` anchors in near-equal spans of at most `side`. */
function spans(size: number, side: number): Span[] {
  const count = Math.ceil(size / side);
  return Array.from({ length: count }, (_, i): Span => [
    Math.floor((i * size) / count),
    Math.floor(((i + 1) * size) / count),
  ]);
}

function firstOutputs(layout: AxisLayout): Int32Array {
  const first = new Int32Array(layout.inSize + 1);
  for (let a = 0; a < layout.inSize; a++) {
    let own = 0;
    for (let s = 0; s < layout.slots; s++) if (layout.index[a * layout.slots + s]! >= 0) own++;
    first[a + 1] = first[a]! + own;
  }
  return first;
}

/** `budget`: a thread's memory for one tile (default: the most it gets, with 1 or 2 threads). */
export function planSuperRes(
  inWidth: number,
  inHeight: number,
  outWidth: number,
  outHeight: number,
  shape: SuperResShape,
  budget = MAX_TILE_BYTES,
): SuperResPlan {
  const rows = axisLayout(inHeight, outHeight);
  const columns = axisLayout(inWidth, outWidth);
  const slots = rows.slots * columns.slots;
  const side = tileSide(shape, slots, budget);
  return {
    inWidth,
    inHeight,
    outWidth,
    outHeight,
    rows,
    columns,
    halo: shape.halo,
    slots,
    tileRows: spans(inHeight, side),
    tileColumns: spans(inWidth, side),
    firstRow: firstOutputs(rows),
    firstColumn: firstOutputs(columns),
  };
}

/** The low-resolution pixels a tile reads: its anchors and the halo, inside the image. */
export function tileCrop(span: Span, halo: number, size: number): Span {
  return [Math.max(0, span[0] - halo), Math.min(size, span[1] + halo)];
}

/** Low-resolution pixels on a side of the central crop z is read from. */
const LATENT_CROP = 64;

/** The central crop (at most 64² low-resolution pixels) whose prior mean of z every tile shares. */
export function latentCrop(plan: SuperResPlan): { rows: Span; columns: Span } {
  const centred = (size: number): Span => {
    const side = Math.min(size, LATENT_CROP);
    const start = Math.floor((size - side) / 2);
    return [start, start + side];
  };
  return { rows: centred(plan.inHeight), columns: centred(plan.inWidth) };
}
