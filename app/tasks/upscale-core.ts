/**
 * Super-resolution of a whole image, band by band: a group of tile rows is evaluated on the pool,
 * blended into per-row accumulators, and every output row no later tile can touch is handed to the
 * sink and forgotten. Memory therefore scales with the output width, never with the output area.
 */
import { runTiles, type InferencePool, type TileQuery, type TileResult } from '../compute/index.js';
import type { ModelRef } from '../util/task.js';
import {
  axisTaps,
  colourAt,
  CONTEXT_FEATURES,
  targetFeatureCount,
  targetPatchOf,
  writeContextFeatures,
  writeTarget,
  type AxisTaps,
  type LowResImage,
  type TargetPatch,
} from '../imaging/superres-features.js';
import { axisWeight, toFrame, type AxisTile } from './tiling.js';
import {
  basisRange,
  contextRange,
  outputCentre,
  planUpscale,
  targetRange,
  type ModelShape,
  type UpscalePlan,
} from './upscale-plan.js';

/** The image to upscale: its colours as the model reads them (`colourGrid`), yDim of them a pixel. */
export interface UpscaleSource extends LowResImage {
  yDim: number;
}

export interface UpscaleRun {
  pool: InferencePool;
  model: ModelRef;
  shape: ModelShape;
  signal: AbortSignal;
  onTiles: (done: number, total: number) => void;
  /**
   * Receives finished output rows [first, first + count) as model colours, in order — and their
   * predictive std when `withStd` is set.
   */
  sink: (first: number, count: number, colours: Float32Array, std?: Float32Array) => Promise<void>;
  withStd?: boolean;
  /** Most tiles built and queued at once (default: 4 jobs per thread); bounds the memory they hold. */
  launchTiles?: number;
}

/** Tiles per pool job. */
export const JOB_SIZE = 48;

/** Each target's output pixel index (65535² fits 32 bits) and blend weight; a band holds millions. */
export interface Targets {
  index: Uint32Array;
  weight: Float32Array;
}

/** The source pixels in [x0, x1) × [y0, y1) as points in the tile's frame and their colours. */
function gridPoints(
  src: UpscaleSource,
  row: AxisTile,
  column: AxisTile,
  [x0, x1]: [number, number],
  [y0, y1]: [number, number],
): { x: Float32Array; y: Float32Array } {
  const n = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n * src.yDim);
  let k = 0;
  for (let v = y0; v < y1; v++) {
    for (let u = x0; u < x1; u++, k++) {
      x[2 * k] = toFrame(column, u + 0.5);
      x[2 * k + 1] = toFrame(row, v + 0.5);
      const at = (v * src.width + u) * src.stride;
      for (let c = 0; c < src.yDim; c++) y[k * src.yDim + c] = colourAt(src, at, c);
    }
  }
  return { x, y };
}

/** What a model that takes super-resolution features needs of the whole image, computed once. */
interface FeatureSource {
  patch: TargetPatch;
  image: LowResImage;
  columns: AxisTaps[];
  rows: AxisTaps[];
  logScale: number;
}

function featureSource(src: UpscaleSource, plan: UpscalePlan, targetFeatures: number): FeatureSource {
  if (src.yDim !== 3) throw new Error('super-resolution features need RGB colours');
  const taps = (outSize: number, inSize: number) =>
    Array.from({ length: outSize }, (_, j) => axisTaps(outputCentre(j, inSize, outSize)));
  return {
    patch: targetPatchOf(targetFeatures),
    image: src,
    columns: taps(plan.outWidth, plan.inWidth),
    rows: taps(plan.outHeight, plan.inHeight),
    logScale: Math.log2(Math.sqrt((plan.outWidth / plan.inWidth) * (plan.outHeight / plan.inHeight))),
  };
}

/** Context features of the frame's pixels and each target's base and features. */
function addFeatures(
  query: TileQuery,
  features: FeatureSource,
  [x0, x1]: [number, number],
  [y0, y1]: [number, number],
  [tx0, tx1]: [number, number],
  [ty0, ty1]: [number, number],
): void {
  const contexts = new Float32Array(Math.max(0, x1 - x0) * Math.max(0, y1 - y0) * CONTEXT_FEATURES);
  let k = 0;
  for (let v = y0; v < y1; v++)
    for (let u = x0; u < x1; u++, k++)
      writeContextFeatures(features.image, u, v, contexts, k * CONTEXT_FEATURES);
  const m = Math.max(0, tx1 - tx0) * Math.max(0, ty1 - ty0);
  const base = new Float32Array(m * 3);
  const width = targetFeatureCount(features.patch);
  const targets = new Float32Array(m * width);
  k = 0;
  for (let j = ty0; j < ty1; j++)
    for (let i = tx0; i < tx1; i++, k++)
      writeTarget(
        features.patch,
        features.image,
        features.columns[i]!,
        features.rows[j]!,
        features.logScale,
        base,
        3 * k,
        targets,
        k * width,
      );
  query.contextFeatures = contexts;
  query.targetFeatures = targets;
  query.targetBase = base;
}

export interface BuiltTile {
  query: TileQuery;
  targets: Targets;
}

/**
 * The plan of an upscale and the builder of its tile at a row and column; what every tile needs of
 * the whole image is made once.
 */
export function planTiles(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  shape: ModelShape,
): { plan: UpscalePlan; build: (row: AxisTile, column: AxisTile) => BuiltTile } {
  const plan = planUpscale(src.width, src.height, outWidth, outHeight, shape);
  const withBasis = plan.wideBasis && (shape.meanBase === 'interpolation' || shape.meanBase === 'sharpened');
  const features = shape.targetFeatures > 0 ? featureSource(src, plan, shape.targetFeatures) : null;
  return { plan, build: (row, column) => buildTile(src, plan, row, column, withBasis, features) };
}

function buildTile(
  src: UpscaleSource,
  plan: UpscalePlan,
  row: AxisTile,
  column: AxisTile,
  withBasis: boolean,
  features: FeatureSource | null,
): BuiltTile {
  const [tx0, tx1] = targetRange(column, plan.inWidth, plan.outWidth);
  const [ty0, ty1] = targetRange(row, plan.inHeight, plan.outHeight);
  const m = Math.max(0, tx1 - tx0) * Math.max(0, ty1 - ty0);
  const targetX = new Float32Array(m * 2);
  const targets: Targets = { index: new Uint32Array(m), weight: new Float32Array(m) };
  let k = 0;
  for (let j = ty0; j < ty1; j++) {
    const py = outputCentre(j, plan.inHeight, plan.outHeight);
    const wy = axisWeight(row, py);
    for (let i = tx0; i < tx1; i++, k++) {
      const px = outputCentre(i, plan.inWidth, plan.outWidth);
      targetX[2 * k] = toFrame(column, px);
      targetX[2 * k + 1] = toFrame(row, py);
      targets.index[k] = j * plan.outWidth + i;
      targets.weight[k] = axisWeight(column, px) * wy;
    }
  }
  const columns = contextRange(column, src.width);
  const rows = contextRange(row, src.height);
  const context = gridPoints(src, row, column, columns, rows);
  const query: TileQuery = { contextX: context.x, contextY: context.y, targetX };
  if (features) addFeatures(query, features, columns, rows, [tx0, tx1], [ty0, ty1]);
  if (withBasis) {
    const basis = gridPoints(src, row, column, basisRange(column, src.width), basisRange(row, src.height));
    query.basisContextX = basis.x;
    query.basisContextY = basis.y;
  }
  return { query, targets };
}

/** Rolling accumulators for the output rows currently being blended. */
class RowBlender {
  private first = 0;
  private sums: Float32Array[] = [];

  constructor(
    private readonly width: number,
    private readonly yDim: number,
    private readonly field: 'mean' | 'std' = 'mean',
  ) {}

  add(targets: Targets, result: TileResult): void {
    const { width, yDim } = this;
    const values = result[this.field];
    for (let k = 0; k < targets.index.length; k++) {
      const index = targets.index[k]!;
      const weight = targets.weight[k]!;
      const row = Math.floor(index / width);
      const sums = this.row(row);
      const at = (index - row * width) * yDim;
      for (let c = 0; c < yDim; c++) sums[at + c]! += weight * values[k * yDim + c]!;
    }
  }

  private row(row: number): Float32Array {
    while (this.first + this.sums.length <= row) this.sums.push(new Float32Array(this.width * this.yDim));
    return this.sums[row - this.first]!;
  }

  /** Removes and returns rows [first, end) in one buffer. */
  take(end: number): { first: number; count: number; colours: Float32Array } {
    const count = Math.max(0, end - this.first);
    const colours = new Float32Array(count * this.width * this.yDim);
    for (let r = 0; r < count; r++) {
      const sums = this.sums[r] ?? new Float32Array(0);
      colours.set(sums, r * this.width * this.yDim);
    }
    const first = this.first;
    this.sums = this.sums.slice(count);
    this.first += count;
    return { first, count, colours };
  }
}

/**
 * Bytes of built tiles a launch may hold (one launch computes while the next is queued, and each
 * thread gets its own copy of its jobs): at ×8 a tile's features are ~2 MB, and launches of 4 jobs per
 * thread took a 4096² output to a 2,086 MB peak (1,646 MB with this bound).
 */
const LAUNCH_BYTES = 192 * 2 ** 20;

const queryBytes = (q: TileQuery): number =>
  Object.values(q).reduce((sum: number, a) => sum + (a instanceof Float32Array ? a.byteLength : 0), 0);

/** Tiles per launch: ~4 jobs per thread, fewer where tiles are large, never under one job per thread. */
function launchSize(
  plan: UpscalePlan,
  build: (row: AxisTile, column: AxisTile) => BuiltTile,
  workers: number,
): number {
  const middle = build(plan.rows[plan.rows.length >> 1]!, plan.columns[plan.columns.length >> 1]!);
  const byBytes = Math.floor(LAUNCH_BYTES / Math.max(1, queryBytes(middle.query)));
  return Math.max(workers * JOB_SIZE, Math.min(workers * 4 * JOB_SIZE, byBytes));
}

export async function upscaleColours(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: UpscaleRun,
): Promise<void> {
  const { plan, build } = planTiles(src, outWidth, outHeight, run.shape);
  const total = plan.rows.length * plan.columns.length;
  // Launches of ~4 jobs per thread keep every thread busy; the next launch is queued before the
  // current one is blended and written, so the threads never wait for the main thread. A launch is
  // whole tile rows, or part of one where a row alone has more tiles: two rows of a 10,000-px-wide
  // photo at ×2 held 2,800 built tiles (~400 MB of features) at once.
  const tilesPerLaunch = run.launchTiles ?? launchSize(plan, build, run.pool.workers);
  const rowsPerGroup = Math.max(1, Math.ceil(tilesPerLaunch / plan.columns.length));
  const columnsPerLaunch = Math.max(1, Math.floor(tilesPerLaunch / rowsPerGroup));
  const launches: { r0: number; c0: number }[] = [];
  for (let r0 = 0; r0 < plan.rows.length; r0 += rowsPerGroup)
    for (let c0 = 0; c0 < plan.columns.length; c0 += columnsPerLaunch) launches.push({ r0, c0 });
  const blender = new RowBlender(outWidth, src.yDim);
  const stdBlender = run.withStd ? new RowBlender(outWidth, src.yDim, 'std') : null;
  let done = 0;
  run.onTiles(0, total);
  const launch = ({ r0, c0 }: { r0: number; c0: number }) => {
    const rows = plan.rows.slice(r0, r0 + rowsPerGroup);
    const columns = plan.columns.slice(c0, c0 + columnsPerLaunch);
    const built = rows.flatMap((row) => columns.map((column) => build(row, column)));
    const results = runTiles(
      run.pool,
      run.model,
      built.map((b) => b.query),
      {
        samples: 0,
        seed: 0,
        signal: run.signal,
        jobSize: JOB_SIZE,
        onTiles: (n) => run.onTiles((done += n), total),
      },
    );
    results.catch(() => undefined); // awaited below; this only keeps a launch queued ahead from going unhandled
    return { built, results };
  };
  let pending = launch(launches[0]!);
  for (let i = 0; i < launches.length; i++) {
    const ahead = i + 1 < launches.length ? launch(launches[i + 1]!) : undefined;
    const { built } = pending;
    const results = await pending.results;
    results.forEach((result, k) => {
      blender.add(built[k]!.targets, result);
      stdBlender?.add(built[k]!.targets, result);
    });
    const { r0 } = launches[i]!;
    if (launches[i + 1]?.r0 !== r0) {
      const next = plan.rows[r0 + rowsPerGroup];
      const finishedRows = next ? targetRange(next, plan.inHeight, plan.outHeight)[0] : outHeight;
      const band = blender.take(finishedRows);
      const std = stdBlender?.take(finishedRows).colours;
      if (band.count > 0) await run.sink(band.first, band.count, band.colours, std);
    }
    if (ahead) pending = ahead;
  }
}
