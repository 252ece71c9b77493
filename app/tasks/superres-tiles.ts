/**
 * The tiles of a grid super-resolution upscale as pool jobs, and their results back on the output
 * grid. What every tile needs of the whole image (the layouts, each output row's and column's
 * Lanczos-3 taps) is made once; a tile's job holds only its own crop and target slots.
 */
import type { GridImage, SuperResJob } from '../compute/index.js';
import { axisTaps, colourAt, writeLanczos, type AxisTaps } from '../imaging/superres-features.js';
import type { UpscaleSource } from './upscale-core.js';
import { latentCrop, tileCrop, type Span, type SuperResPlan } from './superres-plan.js';
import { outputCentre } from './upscale-plan.js';

/** A block of anchors: spans of low-resolution rows and columns. */
export interface SuperResTile {
  rows: Span;
  columns: Span;
}

export interface SuperResSource {
  src: UpscaleSource;
  plan: SuperResPlan;
  rowTaps: AxisTaps[];
  columnTaps: AxisTaps[];
}

export function superResSource(src: UpscaleSource, plan: SuperResPlan): SuperResSource {
  // writeLanczos computes RGB only, as training's bases did.
  if (src.yDim !== 3) throw new Error('the grid super-resolution model takes RGB colours');
  const taps = (outSize: number, inSize: number) =>
    Array.from({ length: outSize }, (_, j) => axisTaps(outputCentre(j, inSize, outSize)));
  return {
    src,
    plan,
    rowTaps: taps(plan.outHeight, plan.inHeight),
    columnTaps: taps(plan.outWidth, plan.inWidth),
  };
}

/** Every tile of the plan, row-major. */
export function allTiles(plan: SuperResPlan): SuperResTile[] {
  return plan.tileRows.flatMap((rows) => plan.tileColumns.map((columns) => ({ rows, columns })));
}

/** The image's colours in rows × columns. */
function cropImage(src: UpscaleSource, [r0, r1]: Span, [c0, c1]: Span): GridImage {
  const width = c1 - c0;
  const values = new Float32Array((r1 - r0) * width * src.yDim);
  let k = 0;
  for (let r = r0; r < r1; r++)
    for (let c = c0; c < c1; c++) {
      const at = (r * src.width + c) * src.stride;
      for (let ch = 0; ch < src.yDim; ch++) values[k++] = colourAt(src, at, ch);
    }
  return { width, height: r1 - r0, values };
}

/** The z every tile of the image shares, as the crop whose prior mean it is. */
export function latentFromCrop(source: SuperResSource): { from: GridImage } {
  const crop = latentCrop(source.plan);
  return { from: cropImage(source.src, crop.rows, crop.columns) };
}

/**
 * Visits the tile's target slots in the job's order (anchor row, anchor column, slot row, slot
 * column) with the output pixel in each: row and column, −1 in an empty slot.
 */
export function forEachSlot(
  plan: SuperResPlan,
  tile: SuperResTile,
  visit: (slot: number, row: number, column: number, rowSlot: number, columnSlot: number) => void,
): void {
  const { rows, columns } = plan;
  let slot = 0;
  for (let a = tile.rows[0]; a < tile.rows[1]; a++)
    for (let b = tile.columns[0]; b < tile.columns[1]; b++)
      for (let sy = 0; sy < rows.slots; sy++) {
        const rowSlot = a * rows.slots + sy;
        const row = rows.index[rowSlot]!;
        for (let sx = 0; sx < columns.slots; sx++, slot++) {
          const columnSlot = b * columns.slots + sx;
          visit(slot, row, columns.index[columnSlot]!, rowSlot, columnSlot);
        }
      }
}

export function tileJob(
  source: SuperResSource,
  tile: SuperResTile,
  latent: SuperResJob['latent'],
  withStd: boolean,
): SuperResJob {
  const { src, plan } = source;
  const cropRows = tileCrop(tile.rows, plan.halo, plan.inHeight);
  const cropColumns = tileCrop(tile.columns, plan.halo, plan.inWidth);
  const anchors = {
    rows: tile.rows[1] - tile.rows[0],
    columns: tile.columns[1] - tile.columns[0],
    slots: plan.slots,
  };
  const targets = anchors.rows * anchors.columns * anchors.slots;
  const offset = new Float32Array(targets * 2);
  const base = new Float32Array(targets * 3);
  forEachSlot(plan, tile, (slot, row, column, rowSlot, columnSlot) => {
    offset[2 * slot] = plan.columns.offset[columnSlot]!;
    offset[2 * slot + 1] = plan.rows.offset[rowSlot]!;
    if (row >= 0 && column >= 0)
      writeLanczos(src, source.columnTaps[column]!, source.rowTaps[row]!, base, 3 * slot);
  });
  return {
    low: cropImage(src, cropRows, cropColumns),
    origin: [tile.rows[0] - cropRows[0], tile.columns[0] - cropColumns[0]],
    anchors,
    offset,
    base,
    cell: [plan.inWidth / plan.outWidth, plan.inHeight / plan.outHeight],
    latent,
    withStd,
  };
}

/** Output pixels [top, top + height) × [left, left + width) of yDim values each, row-major. */
export interface OutputWindow {
  data: Float32Array;
  top: number;
  left: number;
  width: number;
  height: number;
}

/** A zeroed window of output pixels. */
export function outputWindow(
  top: number,
  left: number,
  width: number,
  height: number,
  yDim: number,
): OutputWindow {
  return { data: new Float32Array(width * height * yDim), top, left, width, height };
}

/** Copies a tile's per-slot values (yDim a slot) to their output pixels inside `out`. */
export function scatterSlots(
  plan: SuperResPlan,
  tile: SuperResTile,
  values: Float32Array,
  yDim: number,
  out: OutputWindow,
): void {
  forEachSlot(plan, tile, (slot, row, column) => {
    const y = row - out.top;
    const x = column - out.left;
    if (row < 0 || column < 0 || y < 0 || x < 0 || y >= out.height || x >= out.width) return;
    const at = (y * out.width + x) * yDim;
    for (let c = 0; c < yDim; c++) out.data[at + c] = values[slot * yDim + c]!;
  });
}
