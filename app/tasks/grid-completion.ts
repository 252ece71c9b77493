/**
 * Completion of a region by a grid ANP, coarse to fine (the plan: grid-levels.ts). Every value shown
 * comes from the model:
 * - the mean chain takes the predictive mean at each level; windows that overlap are blended with
 *   weights that sum to one, so no seam shows;
 * - each sample chain draws from the model's predictive, autoregressively: most rounds at the coarsest
 *   level, FINE_ROUNDS at each finer one (which is given the chain's own coarser draw on a lattice);
 *   a level's windows run one after another, each given the pixels the ones before it drew, so a
 *   draw never blends two alternatives.
 * σ is the predictive std of the mean chain, by the law of total variance: a level's conditional
 * variance (given its lattice) plus the coarser level's variance, upsampled.
 * Chains run side by side on the pool's threads.
 */
import type { GridJob, GridResult, InferencePool } from '../compute/index.js';
import { upsample2, type Level } from '../imaging/pyramid.js';
import { throwIfCancelled, type ModelRef } from '../util/task.js';
import {
  cropFrame,
  gridLevels,
  inFrame,
  levelInput,
  planGridWindows,
  type GridWindow,
  type LevelInput,
} from './grid-levels.js';

const COARSE_ROUNDS = 4;
const FINE_ROUNDS = 2;

export interface GridCompletionRun {
  pool: InferencePool;
  model: ModelRef;
  signal: AbortSignal;
  samples: number;
  seed: number;
  /** Progress in pixel-passes; `unitSeconds` (once, after the first window): seconds per unit. */
  onProgress: (done: number, total: number, unitSeconds?: number) => void;
}

export interface GridCompletion {
  /** The region's colours with the hole filled by the predictive mean. */
  mean: Float32Array;
  /** The predictive std per pixel (colour units, RMS over channels); 0 outside the hole. */
  std: Float32Array;
  /** The region's colours with the hole filled by each draw. */
  samples: Float32Array[];
}

interface PlannedLevel {
  level: Level;
  windows: GridWindow[];
}

export async function completeOnGrid(
  base: Level,
  yDim: number,
  run: GridCompletionRun,
): Promise<GridCompletion> {
  const levels: PlannedLevel[] = gridLevels(base, yDim).map((level) => ({
    level,
    windows: planGridWindows(level),
  }));
  const progress = new Progress(run, levels);
  const [meanChain, ...samples] = await Promise.all([
    runMeanChain(levels, yDim, run, progress),
    ...Array.from({ length: run.samples }, (_, s) => runSampleChain(levels, yDim, run, progress, s)),
  ]);
  return { mean: meanChain!.mean, std: meanChain!.std, samples: samples.map((s) => s.values) };
}

/** Counts pixel-passes done; times the first window for the first ETA. */
class Progress {
  readonly total: number;
  private done = 0;
  private readonly started = performance.now();
  private timed = false;

  constructor(
    private readonly run: GridCompletionRun,
    levels: PlannedLevel[],
  ) {
    const passes = (l: number): number => 1 + run.samples * (l === 0 ? COARSE_ROUNDS : FINE_ROUNDS);
    this.total = levels.reduce(
      (sum, { windows }, l) =>
        sum + passes(l) * windows.reduce((n, w) => n + w.frame.width * w.frame.height, 0),
      0,
    );
    run.onProgress(0, this.total);
  }

  add(units: number): void {
    this.done += units;
    if (this.timed) return this.run.onProgress(this.done, this.total);
    this.timed = true;
    // Chains run on every thread at once: the first window's seconds per unit, shared among them.
    const seconds = (performance.now() - this.started) / 1000;
    this.run.onProgress(this.done, this.total, seconds / units / this.run.pool.workers);
  }
}

async function evaluate(
  run: GridCompletionRun,
  progress: Progress,
  input: LevelInput,
  level: Level,
  window: GridWindow,
  job: Pick<GridJob, 'mode' | 'seed' | 'rounds'>,
  yDim: number,
): Promise<GridResult> {
  const { frame } = window;
  const result = await run.pool.grid(
    run.model,
    {
      width: frame.width,
      height: frame.height,
      values: cropFrame(input.values, level.width, frame, yDim),
      known: cropFrame(input.known, level.width, frame, 1),
      ...job,
    },
    run.signal,
  );
  throwIfCancelled(run.signal);
  progress.add(frame.width * frame.height * (job.mode === 'mean' ? 1 : job.rounds));
  return result;
}

async function runMeanChain(
  levels: PlannedLevel[],
  yDim: number,
  run: GridCompletionRun,
  progress: Progress,
): Promise<{ mean: Float32Array; std: Float32Array }> {
  let values: Float32Array = new Float32Array(0);
  let variance: Float32Array = new Float32Array(0);
  for (let l = 0; l < levels.length; l++) {
    const { level, windows } = levels[l]!;
    const input = levelInput(level, yDim, l > 0 ? { level: levels[l - 1]!.level, values } : undefined);
    const results = await Promise.all(
      windows.map((w) =>
        evaluate(run, progress, input, level, w, { mode: 'mean', seed: 0, rounds: 1 }, yDim),
      ),
    );
    const n = level.width * level.height;
    const sum = new Float32Array(n * yDim);
    const conditional = new Float32Array(n);
    windows.forEach((w, k) => {
      const { values: mean, std } = results[k]!;
      w.targets.forEach((i, t) => {
        const at = inFrame(i, level.width, w.frame);
        const weight = w.weights[t]!;
        let v = 0;
        for (let c = 0; c < yDim; c++) {
          sum[i * yDim + c]! += weight * mean[at * yDim + c]!;
          v += std[at * yDim + c]! ** 2;
        }
        conditional[i]! += (weight * v) / yDim;
      });
    });
    const next = input.values;
    for (let i = 0; i < n; i++)
      if (level.hole[i] && !input.lattice[i]) next.set(sum.subarray(i * yDim, (i + 1) * yDim), i * yDim);
    fillLatticeFromNeighbours(conditional, input.lattice, level);
    const inherited =
      l > 0
        ? upsample2(
            variance,
            levels[l - 1]!.level.width,
            levels[l - 1]!.level.height,
            level.width,
            level.height,
            1,
          )
        : new Float32Array(n);
    variance = conditional.map((v, i) => (level.hole[i] ? v + inherited[i]! : 0));
    values = next;
  }
  return { mean: values, std: variance.map(Math.sqrt) };
}

/**
 * Lattice pixels were given, not predicted: their conditional variance is their predicted
 * neighbours' average, so σ has no lattice pattern.
 */
function fillLatticeFromNeighbours(variance: Float32Array, lattice: Uint8Array, level: Level): void {
  const { width, height } = level;
  for (let i = 0; i < lattice.length; i++) {
    if (!lattice[i]) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    let total = 0;
    let count = 0;
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const u = x + dx;
      const v = y + dy;
      if (u < 0 || v < 0 || u >= width || v >= height) continue;
      const j = v * width + u;
      if (!level.hole[j] || lattice[j]) continue;
      total += variance[j]!;
      count++;
    }
    variance[i] = count ? total / count : 0;
  }
}

async function runSampleChain(
  levels: PlannedLevel[],
  yDim: number,
  run: GridCompletionRun,
  progress: Progress,
  chain: number,
): Promise<{ values: Float32Array }> {
  let values: Float32Array = new Float32Array(0);
  for (let l = 0; l < levels.length; l++) {
    const { level, windows } = levels[l]!;
    const input = levelInput(level, yDim, l > 0 ? { level: levels[l - 1]!.level, values } : undefined);
    const rounds = l === 0 ? COARSE_ROUNDS : FINE_ROUNDS;
    for (let k = 0; k < windows.length; k++) {
      const w = windows[k]!;
      const seed = drawSeed(run.seed, chain, l, k);
      const { values: drawn } = await evaluate(
        run,
        progress,
        input,
        level,
        w,
        { mode: 'sample', seed, rounds },
        yDim,
      );
      // The window's draw becomes known to the windows after it.
      for (const i of w.targets) {
        if (input.known[i]) continue;
        const at = inFrame(i, level.width, w.frame);
        input.values.set(drawn.subarray(at * yDim, (at + 1) * yDim), i * yDim);
        input.known[i] = 1;
      }
    }
    values = input.values;
  }
  return { values };
}

/** A distinct, reproducible seed for each chain, level and window. */
function drawSeed(seed: number, chain: number, level: number, window: number): number {
  return (((seed * 31 + chain) * 31 + level) * 1009 + window) % 2_000_000_000;
}
