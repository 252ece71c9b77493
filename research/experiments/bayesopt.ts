import { readdir, readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess, Prediction } from '../../models/index.js';
import { gaussian, gpPosteriorSample, type SeKernel, sampleCurve } from './gaussian-process.js';
import { randomKernel } from './gp-curves.js';
import { mulberry32 } from '../../models/nn/params.js';
import { ApiError } from '../../app/api/errors.js';
import { deserializeAppModel } from '../../app/model-factory.js';
import { loadModelDir } from '../../app/model-files.js';
import { cappedDirPrefix, GP1D_MODEL_DIR, GP1D_MODELS, modelDirName } from './gp1d.js';
import { log, writeFigure, writeResults } from './output.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { chartSvg, PALETTE, type Panel } from './svg.js';

export interface BayesOptOptions {
  functions: number;
  iterations: number;
  gridSize: number;
}

const NOISE_SUFFIX = ' + pointwise σ';

export const BAYESOPT_DEFAULTS: BayesOptOptions = { functions: 100, iterations: 50, gridSize: 100 };

interface Problem {
  kernel: SeKernel;
  f: Float64Array;
  best: number;
}

/** A policy picks, for every problem at once, the next grid index given the indices observed so far. */
type Policy = (problems: Problem[], observed: number[][], iteration: number) => Promise<number[]> | number[];

const argmin = (a: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! < a[best]!) best = i;
  return best;
};

function makeProblems(o: BayesOptOptions, grid: Float64Array): Problem[] {
  const rand = mulberry32(424242);
  return Array.from({ length: o.functions }, () => {
    const kernel = randomKernel(rand);
    const f = sampleCurve(grid, kernel, rand);
    return { kernel, f, best: Math.min(...f) };
  });
}

function randomPolicy(gridSize: number): Policy {
  const rand = mulberry32(99);
  return (problems) => problems.map(() => Math.floor(rand() * gridSize));
}

function gpThompson(grid: Float64Array): Policy {
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

/**
 * `draws` function draws of `model` over the whole grid for each problem, given the grid indices
 * observed in each (the same count for every problem): mean and std [draws, problems, grid, 1].
 */
function sampleOnGrid(
  model: NeuralProcess,
  problems: Problem[],
  observed: number[][],
  grid: Float64Array,
  draws: number,
  seed: number,
): Prediction {
  const b = problems.length;
  const n = observed[0]!.length;
  const g = grid.length;
  const xc = Float32Array.from(observed.flatMap((idx) => idx.map((j) => grid[j]!)));
  const yc = Float32Array.from(observed.flatMap((idx, i) => idx.map((j) => problems[i]!.f[j]!)));
  const xt = new Float32Array(b * g);
  for (let i = 0; i < b; i++) xt.set(grid, i * g);
  const inputs = [
    tf.tensor3d(xc, [b, n, 1]),
    tf.tensor3d(yc, [b, n, 1]),
    tf.tensor3d(xt, [b, g, 1]),
  ] as const;
  const [x, y, targets] = inputs;
  const prediction = model.sample({ x, y }, { x: targets }, draws, seed);
  tf.dispose([...inputs]);
  return prediction;
}

/**
 * One z draw per problem and iteration; the next query is the argmin of that function's mean (the
 * paper's form) or, with `pointwiseNoise`, of mean + σ·ε drawn independently per grid point (extra
 * exploration from the decoder's σ when a briefly trained model's z carries little variation).
 */
function npThompson(model: NeuralProcess, grid: Float64Array, pointwiseNoise: boolean): Policy {
  const rand = mulberry32(11);
  return (problems, observed, iteration) => {
    const g = grid.length;
    const s = sampleOnGrid(model, problems, observed, grid, 1, 1000 + iteration);
    const [means, stds] = [s.mean.dataSync(), s.std.dataSync()];
    tf.dispose([s.mean, s.std]);
    const draw = pointwiseNoise ? means.map((m, j) => m + stds[j]! * gaussian(rand)) : means;
    return problems.map((_, i) => argmin(draw.subarray(i * g, (i + 1) * g)));
  };
}

export interface LatentSpread {
  /** Observations per function the spread was measured at. */
  observations: number;
  /** Mean over grid points of the standard deviation, across z draws, of the predicted mean. */
  meanSpread: number;
  /** Mean decoder σ_y at the same points: how much larger the noise is than what z changes. */
  meanSigma: number;
}

/**
 * How much different z change the function a model predicts, measured on the first problems with
 * `observations` random observations each: Thompson sampling explores only as far as this spread.
 */
function latentSpread(
  model: NeuralProcess,
  problems: Problem[],
  grid: Float64Array,
  observations: number,
): LatentSpread {
  const rand = mulberry32(31);
  const chosen = problems.slice(0, 32);
  const picks = chosen.map(() =>
    Array.from({ length: observations }, () => Math.floor(rand() * grid.length)),
  );
  const [spread, sigma] = tf.tidy(() => {
    const s = sampleOnGrid(model, chosen, picks, grid, 16, 2024);
    const { variance } = tf.moments(s.mean, 0);
    return [tf.sqrt(variance).mean().dataSync()[0]!, s.std.mean().dataSync()[0]!];
  });
  return { observations, meanSpread: spread, meanSigma: sigma };
}

/** Simple regret after each iteration, averaged over problems (with its standard error). */
async function runPolicy(policy: Policy, problems: Problem[], o: BayesOptOptions) {
  const rand = mulberry32(5);
  const observed = problems.map(() => [Math.floor(rand() * o.gridSize)]);
  const regrets: number[][] = [];
  const t0 = performance.now();
  for (let it = 1; it <= o.iterations; it++) {
    if (it > 1) {
      const next = await policy(problems, observed, it);
      next.forEach((j, i) => observed[i]!.push(j));
    }
    regrets.push(problems.map((p, i) => Math.min(...observed[i]!.map((j) => p.f[j]!)) - p.best));
  }
  const mean = regrets.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
  const stderr = regrets.map((r, t) =>
    Math.sqrt(r.reduce((a, v) => a + (v - mean[t]!) ** 2, 0) / (r.length - 1) / r.length),
  );
  return { meanRegret: mean, stderr, seconds: (performance.now() - t0) / 1000 };
}

/** The gp1d models, each followed by its σ_y-capped variants where `gp1d --max-std` trained them. */
async function loadGp1dModels(): Promise<{ name: string; model: NeuralProcess }[]> {
  const present = await readdir(GP1D_MODEL_DIR).catch(() => [] as string[]);
  const found = GP1D_MODELS.flatMap((m) => {
    const plain = modelDirName(m.name);
    const variants = present.filter((d) => d.startsWith(cappedDirPrefix(m.name)) && !d.endsWith('.training'));
    return [...(present.includes(plain) ? [plain] : []), ...variants.sort()].map((dir) => ({ m, dir }));
  });
  if (found.length === 0) {
    throw new ApiError(
      'NOT_FOUND',
      `no trained gp1d models in ${GP1D_MODEL_DIR}: run 'anp experiment gp1d' first`,
    );
  }
  return Promise.all(
    found.map(async ({ m, dir }, i) => {
      const files = await loadModelDir(`${GP1D_MODEL_DIR}/${dir}`);
      const model = deserializeAppModel(files.manifest, files.weights, { scope: `bo${i}/` });
      const cap = model.config.maxStd;
      return { name: cap === undefined ? m.name : `${m.name} (σ_y ≤ ${cap})`, model };
    }),
  );
}

export async function runBayesOpt(o: BayesOptOptions): Promise<void> {
  const grid = Float64Array.from({ length: o.gridSize }, (_, i) => -2 + (4 * i) / (o.gridSize - 1));
  const problems = makeProblems(o, grid);
  const models = await loadGp1dModels();
  const policies: { name: string; policy: Policy }[] = [
    { name: 'random search', policy: randomPolicy(o.gridSize) },
    { name: 'GP Thompson (true kernel)', policy: gpThompson(grid) },
    ...models.map((m) => ({ name: `${m.name} Thompson`, policy: npThompson(m.model, grid, false) })),
    ...models.map((m) => ({
      name: `${m.name} Thompson${NOISE_SUFFIX}`,
      policy: npThompson(m.model, grid, true),
    })),
  ];
  const spreads = models.map((m) => ({
    model: m.name,
    spreads: [1, 5, 20].map((n) => latentSpread(m.model, problems, grid, n)),
  }));
  for (const s of spreads)
    log(
      `${s.model}: spread of the mean over z ${s.spreads.map((x) => `${x.meanSpread.toFixed(3)} (σ_y ${x.meanSigma.toFixed(3)}) at ${x.observations}`).join(', ')} observations`,
    );
  const results: { name: string; meanRegret: number[]; stderr: number[]; seconds: number }[] = [];
  for (const p of policies) {
    const r = await runPolicy(p.policy, problems, o);
    log(
      `${p.name}: regret @1 ${r.meanRegret[0]!.toFixed(3)}, @${o.iterations} ${r.meanRegret.at(-1)!.toFixed(4)} (${r.seconds.toFixed(1)} s)`,
    );
    results.push({ name: p.name, ...r });
  }
  const checkpoints = [1, 5, 10, 20, 30, 50, o.iterations].filter(
    (t, i, a) => t <= o.iterations && a.indexOf(t) === i,
  );
  const table = results.map((r) => ({
    method: r.name,
    ...Object.fromEntries(checkpoints.map((t) => [`regret@${t}`, +r.meanRegret[t - 1]!.toFixed(4)])),
    cumulativeRegret: +r.meanRegret.reduce((a, b) => a + b, 0).toFixed(3),
  }));
  console.table(table);
  await writeResults('bayesopt', {
    experiment: 'bayesopt',
    description:
      'Minimisation of functions drawn from the GP prior (random SE kernel as in gp1d) on a grid over [-2,2]; one random initial point; simple regret = best observed value − grid minimum; NP/ANP Thompson sampling draws one z per step and queries the argmin of that function’s mean (the paper’s form); the “+ pointwise σ” variants add independent N(0, σ²) decoder noise per grid point before the argmin; models are the gp1d ones.',
    options: o,
    machine: machineInfo(),
    latentSpread: spreads,
    table,
    curves: results,
  });
  await plotRegret(results, o.functions);
  for (const m of models) m.model.dispose();
}

interface RegretCurve {
  name: string;
  meanRegret: number[];
  stderr: number[];
}

/** Regret curves ± standard error; a model's pointwise-σ variant is dashed in the model's colour. */
async function plotRegret(results: RegretCurve[], functions: number): Promise<void> {
  const bases = results.map((r) => r.name).filter((n) => !n.endsWith(NOISE_SUFFIX));
  const panel: Panel = {
    title: `Simple regret (mean ± s.e. over ${functions} functions)`,
    xLabel: 'iteration',
    yLabel: 'simple regret',
    series: results.map((r) => ({
      name: r.name,
      color: PALETTE[bases.indexOf(r.name.replace(NOISE_SUFFIX, ''))]!,
      dashed: r.name.endsWith(NOISE_SUFFIX),
      points: r.meanRegret.map((v, t) => [t + 1, v] as [number, number]),
      band: r.meanRegret.map(
        (v, t) => [t + 1, v - r.stderr[t]!, v + r.stderr[t]!] as [number, number, number],
      ),
    })),
  };
  await writeFigure('bayesopt-regret', chartSvg([panel], 1, 760, 460));
}

/** Redraws the figure from research/results/bayesopt.json without rerunning the optimisation. */
export async function replotBayesOpt(): Promise<void> {
  const saved = JSON.parse(await readFile(resultsPath('bayesopt.json'), 'utf8')) as {
    options: BayesOptOptions;
    curves: RegretCurve[];
  };
  await plotRegret(saved.curves, saved.options.functions);
}
