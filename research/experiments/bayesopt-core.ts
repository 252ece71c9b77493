import { gpPosteriorSample, type SeKernel, sampleCurve } from './gaussian-process.js';
import { randomKernel } from './gp-curves.js';
import { mulberry32 } from '../../models/nn/params.js';

export interface BayesOptOptions {
  functions: number;
  iterations: number;
  gridSize: number;
}

export const BAYESOPT_DEFAULTS: BayesOptOptions = { functions: 100, iterations: 50, gridSize: 100 };

export interface Problem {
  kernel: SeKernel;
  f: Float64Array;
  best: number;
}

/** A policy picks, for every problem at once, the next grid index given the indices observed so far. */
export type Policy = (
  problems: Problem[],
  observed: number[][],
  iteration: number,
) => Promise<number[]> | number[];

export const argmin = (a: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! < a[best]!) best = i;
  return best;
};

/** `size` evenly spaced points over the task's x range [-2, 2]. */
export const evenGrid = (size: number) =>
  Float64Array.from({ length: size }, (_, i) => -2 + (4 * i) / (size - 1));

export function makeProblems(o: BayesOptOptions, grid: Float64Array): Problem[] {
  const rand = mulberry32(424242);
  return Array.from({ length: o.functions }, () => {
    const kernel = randomKernel(rand);
    const f = sampleCurve(grid, kernel, rand);
    return { kernel, f, best: Math.min(...f) };
  });
}

export function randomPolicy(gridSize: number): Policy {
  const rand = mulberry32(99);
  return (problems) => problems.map(() => Math.floor(rand() * gridSize));
}

export function gpThompson(grid: Float64Array): Policy {
  const rand = mulberry32(7);
  return (problems, observed) =>
    problems.map((p, i) => {
      const idx = observed[i]!;
      const draw = gpPosteriorSample(
        Float64Array.from(idx, (j) => grid[j]!),
        Float64Array.from(idx, (j) => p.f[j]!),
        grid,
        p.kernel,
        rand,
      );
      return argmin(draw);
    });
}

export interface PolicyRun {
  /** [iteration][function]: best value observed so far − the grid's minimum. */
  simple: number[][];
  /** [iteration][function]: Σ over the queries so far of (queried value − the grid's minimum). */
  cumulative: number[][];
  seconds: number;
}

/** Runs a policy from the same seeded first point of every problem (so every policy is paired). */
export async function runPolicy(policy: Policy, problems: Problem[], o: BayesOptOptions): Promise<PolicyRun> {
  const rand = mulberry32(5);
  const observed = problems.map(() => [Math.floor(rand() * o.gridSize)]);
  const simple: number[][] = [];
  const cumulative: number[][] = [];
  const t0 = performance.now();
  for (let it = 1; it <= o.iterations; it++) {
    if (it > 1) {
      const next = await policy(problems, observed, it);
      next.forEach((j, i) => observed[i]!.push(j));
    }
    simple.push(problems.map((p, i) => Math.min(...observed[i]!.map((j) => p.f[j]!)) - p.best));
    cumulative.push(
      problems.map((p, i) => (cumulative.at(-1)?.[i] ?? 0) + p.f[observed[i]!.at(-1)!]! - p.best),
    );
  }
  return { simple, cumulative, seconds: (performance.now() - t0) / 1000 };
}
