/**
 * Completion of the missing pixels of a region, coarse to fine. At each level the hole's bounding
 * box is cut into overlapping model windows (targets: the missing pixels; context: the known pixels
 * nearest the hole, plus — below the coarsest level — a sparse grid of the coarser level's
 * completion as guides), and the windows' predictions are blended with weights that sum to one.
 * The base each window's decoder corrects is the level's completion base (biharmonic near the rim,
 * harmonic deep inside), solved over the whole region (a window sees at most its context budget of
 * pixels; the solve sees all of them).
 * The samples are the model's own function draws (one latent draw per window) at the finest level,
 * given the mean chain's guides, and blended as the mean is.
 */
import { runTiles, type InferencePool, type TileQuery, type TileResult } from '../compute/index.js';
import type { ModelRef } from '../util/task.js';
import { maskBounds } from '../imaging/mask.js';
import { completionBase } from '../imaging/completion-base.js';
import { distanceTo } from '../imaging/distance.js';
import { buildPyramid, knownMean, mergeKnown, upsample2, type Level } from '../imaging/pyramid.js';
import { axisWeight, tileAxis, toFrame, type AxisTile } from './tiling.js';
import type { ModelShape } from './upscale-plan.js';

export interface InpaintRun {
  pool: InferencePool;
  model: ModelRef;
  shape: ModelShape;
  signal: AbortSignal;
  /** Function draws to take at the finest level, seeded. */
  samples: number;
  seed: number;
  /** `unitSeconds` (first call only): seconds per window with every thread working, timed on a sample. */
  onTiles: (done: number, total: number, unitSeconds?: number) => void;
}

export interface Completion {
  /** The region's colours with the hole filled by the model's predictive mean. */
  mean: Float32Array;
  /** The model's per-pixel predictive std (colour units, RMS over channels); 0 outside the hole. */
  std: Float32Array;
  /** The region's colours with the hole filled by each draw. */
  samples: Float32Array[];
}

export interface WindowPlan {
  targets: number[];
  weights: number[];
  row: AxisTile;
  column: AxisTile;
}

export function planWindows(level: Level, window: number): WindowPlan[] {
  const { x0, y0, x1, y1 } = maskBounds(level.hole, level.width, level.height);
  if (x1 <= x0) return [];
  const core = window / 2;
  const columns = tileAxis(x0, x1, core, window / 4, window / 8);
  const rows = tileAxis(y0, y1, core, window / 4, window / 8);
  const plans: WindowPlan[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const targets: number[] = [];
      const weights: number[] = [];
      for (
        let y = Math.max(0, Math.ceil(row.targetStart - 0.5));
        y < Math.min(level.height, Math.ceil(row.targetEnd - 0.5));
        y++
      ) {
        const wy = axisWeight(row, y + 0.5);
        for (
          let x = Math.max(0, Math.ceil(column.targetStart - 0.5));
          x < Math.min(level.width, Math.ceil(column.targetEnd - 0.5));
          x++
        ) {
          const i = y * level.width + x;
          if (!level.hole[i]) continue;
          targets.push(i);
          weights.push(wy * axisWeight(column, x + 0.5));
        }
      }
      if (targets.length) plans.push({ targets, weights, row, column });
    }
  }
  return plans;
}

/** Share of a window's context budget given to the known pixels nearest the hole. */
const NEAR_SHARE = 0.5;

/** Context pixel indices of a window: guides first (if any), then known pixels (see below). */
export function contextOf(
  level: Level,
  plan: WindowPlan,
  nearHole: Uint32Array,
  withGuides: boolean,
  budget: number,
): number[] {
  const guides: number[] = [];
  const known: number[] = [];
  const { row, column } = plan;
  for (
    let y = Math.max(0, Math.ceil(row.frameStart - 0.5));
    y < Math.min(level.height, Math.ceil(row.frameStart + row.frameSize - 0.5));
    y++
  ) {
    for (
      let x = Math.max(0, Math.ceil(column.frameStart - 0.5));
      x < Math.min(level.width, Math.ceil(column.frameStart + column.frameSize - 0.5));
      x++
    ) {
      const i = y * level.width + x;
      if (!level.hole[i]) known.push(i);
      else if (withGuides && x % 2 === 0 && y % 2 === 0) guides.push(i);
    }
  }
  const chosenGuides = evenly(guides, Math.floor(budget / 2));
  const room = budget - chosenGuides.length;
  if (known.length <= room) return [...chosenGuides, ...known];
  // Half the known points hug the hole (the detail to continue); the rest spread over the frame,
  // as training's contexts did (a random subset of the window's known pixels).
  known.sort((a, b) => nearHole[a]! - nearHole[b]! || a - b);
  const near = Math.ceil(room * NEAR_SHARE);
  return [...chosenGuides, ...known.slice(0, near), ...evenly(known.slice(near), room - near)];
}

/** `count` items spread evenly over the list (all of them if it is shorter). */
function evenly<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, k) => items[Math.floor(((k + 0.5) * items.length) / count)]!);
}

function tileFor(
  level: Level,
  plan: WindowPlan,
  context: number[],
  values: Float32Array,
  fill: Float32Array | null,
  yDim: number,
): TileQuery {
  const point = (i: number, out: Float32Array, k: number): void => {
    out[2 * k] = toFrame(plan.column, (i % level.width) + 0.5);
    out[2 * k + 1] = toFrame(plan.row, Math.floor(i / level.width) + 0.5);
  };
  const contextX = new Float32Array(context.length * 2);
  const contextY = new Float32Array(context.length * yDim);
  context.forEach((i, k) => {
    point(i, contextX, k);
    contextY.set(values.subarray(i * yDim, (i + 1) * yDim), k * yDim);
  });
  const targetX = new Float32Array(plan.targets.length * 2);
  plan.targets.forEach((i, k) => point(i, targetX, k));
  if (!fill) return { contextX, contextY, targetX };
  const targetBase = new Float32Array(plan.targets.length * yDim);
  plan.targets.forEach((i, k) => targetBase.set(fill.subarray(i * yDim, (i + 1) * yDim), k * yDim));
  return { contextX, contextY, targetX, targetBase };
}

class Blend {
  readonly sum: Float32Array;
  readonly weight: Float32Array;
  constructor(size: number, yDim: number) {
    this.sum = new Float32Array(size * yDim);
    this.weight = new Float32Array(size);
  }
  add(plan: WindowPlan, values: Float32Array, yDim: number): void {
    plan.targets.forEach((i, k) => {
      const w = plan.weights[k]!;
      this.weight[i]! += w;
      for (let c = 0; c < yDim; c++) this.sum[i * yDim + c]! += w * values[k * yDim + c]!;
    });
  }
  /** The level's colours with hole pixels replaced by the blend (or `fallback` where none reached). */
  fill(level: Level, yDim: number, fallback: Float32Array): Float32Array {
    const out = level.colours.slice();
    for (let i = 0; i < this.weight.length; i++) {
      if (!level.hole[i]) continue;
      for (let c = 0; c < yDim; c++)
        out[i * yDim + c] = this.weight[i]! > 0 ? this.sum[i * yDim + c]! / this.weight[i]! : fallback[c]!;
    }
    return out;
  }
}

interface LevelWork {
  level: Level;
  plans: WindowPlan[];
  nearHole: Uint32Array;
}

/**
 * Holes the model saw in training reach at most ~⅓ of a window from their edge (boxes up to 60 % of
 * the side), so levels are added until no missing pixel is more than a quarter window from a known one.
 */
export async function completeRegion(base: Level, yDim: number, run: InpaintRun): Promise<Completion> {
  const levels = buildPyramid(base, yDim, run.shape.window / 4, 4).reverse();
  const work: LevelWork[] = levels.map((level) => ({
    level,
    plans: planWindows(level, run.shape.window),
    nearHole: distanceTo(level.hole, level.width, level.height, 1),
  }));
  const total = work.reduce((n, w) => n + w.plans.length, 0);
  let done = 0;
  run.onTiles(0, total, await timeWindows(run, work[work.length - 1]!, work.length > 1, yDim));
  // Models without a mean base predict the colours outright and have no use for a classical fill.
  const fills = run.shape.meanBase === 'none' ? null : completionBase(base, yDim);
  const onTiles = (n: number): void => run.onTiles((done += n), total);
  let mean: Float32Array = new Float32Array(0);
  let std: Float32Array = new Float32Array(0);
  let samples: Float32Array[] = [];
  for (let l = 0; l < work.length; l++) {
    const { level, plans, nearHole } = work[l]!;
    const fill = fills?.get(level.factor) ?? null;
    const guided = l > 0;
    const values = guided
      ? mergeKnown(
          level,
          upsample2(
            mean,
            work[l - 1]!.level.width,
            work[l - 1]!.level.height,
            level.width,
            level.height,
            yDim,
          ),
          yDim,
        )
      : level.colours;
    const tiles = plans.map((p) =>
      tileFor(level, p, contextOf(level, p, nearHole, guided, run.shape.maxContext), values, fill, yDim),
    );
    const draws = l === work.length - 1 ? run.samples : 0;
    const results = await runOrFallback(run, tiles, draws, onTiles);
    const size = level.width * level.height;
    const meanBlend = new Blend(size, yDim);
    const stdBlend = new Blend(size, yDim);
    const drawBlends = Array.from({ length: draws }, () => new Blend(size, yDim));
    results.forEach((r, t) => {
      meanBlend.add(plans[t]!, r.mean, yDim);
      stdBlend.add(plans[t]!, r.std, yDim);
      r.samples.forEach((draw, s) => drawBlends[s]!.add(plans[t]!, draw, yDim));
    });
    const fallback = knownMean(level, yDim);
    mean = meanBlend.fill(level, yDim, fallback);
    std = stdBlend.fill(level, yDim, new Float32Array(yDim));
    samples = drawBlends.map((blend) => blend.fill(level, yDim, fallback));
  }
  return { mean, std: channelRms(base, std, yDim), samples };
}

/** Few tiles per job: a completion has tens of windows, and every thread should get some. */
const JOB_SIZE = 4;

/**
 * Seconds per window of this completion with every thread working: once each thread has the model
 * (its first calls are 2–3× slower), one job of windows per thread from the finest level, where most
 * windows are, is timed. Their colours are the level's own (the guides and the classical fill are
 * not known yet): the cost depends on the windows' sizes, not on their values. This is the job's
 * first ETA.
 */
async function timeWindows(
  run: InpaintRun,
  { level, plans, nearHole }: LevelWork,
  guided: boolean,
  yDim: number,
): Promise<number> {
  // A stand-in for the classical fill (solved after this), for models that take one: the same size.
  const fill = run.shape.meanBase === 'none' ? null : level.colours;
  const count = Math.min(plans.length, JOB_SIZE * run.pool.workers);
  const tiles = Array.from({ length: count }, (_, k) => {
    const plan = plans[Math.floor((k * plans.length) / count)]!;
    return tileFor(
      level,
      plan,
      contextOf(level, plan, nearHole, guided, run.shape.maxContext),
      level.colours,
      fill,
      yDim,
    );
  }).filter((t) => t.contextX.length > 0);
  if (tiles.length === 0) return 0;
  const job = { samples: 0, seed: 0, signal: run.signal, jobSize: JOB_SIZE };
  await run.pool.warm(run.model, { tiles: [tiles[0]!], samples: 0, seed: 0 });
  const started = performance.now();
  await runTiles(run.pool, run.model, tiles, job);
  return (performance.now() - started) / 1000 / tiles.length;
}

/** Windows without any context (possible only where the pyramid hit its size floor) keep the fallback. */
async function runOrFallback(
  run: InpaintRun,
  tiles: TileQuery[],
  samples: number,
  onTiles: (n: number) => void,
): Promise<TileResult[]> {
  const live = tiles.map((t, i) => [t, i] as const).filter(([t]) => t.contextX.length > 0);
  const results = await runTiles(
    run.pool,
    run.model,
    live.map(([t]) => t),
    { samples, seed: run.seed, signal: run.signal, onTiles, jobSize: JOB_SIZE },
  );
  onTiles(tiles.length - live.length);
  const out: TileResult[] = tiles.map(() => ({
    mean: new Float32Array(0),
    std: new Float32Array(0),
    samples: [],
  }));
  live.forEach(([, i], k) => (out[i] = results[k]!));
  return out;
}

/** The model's predictive std per pixel, RMS over channels (0 outside the hole). */
function channelRms(base: Level, std: Float32Array, yDim: number): Float32Array {
  const out = new Float32Array(base.width * base.height);
  for (let i = 0; i < out.length; i++) {
    if (!base.hole[i]) continue;
    let total = 0;
    for (let c = 0; c < yDim; c++) total += std[i * yDim + c]! ** 2;
    out[i] = Math.sqrt(total / yDim);
  }
  return out;
}
