import * as tf from '@tensorflow/tfjs';
import type { ContextSet, NeuralProcess, Prediction } from '../../models/index.js';
import { sampleAutoregressive } from '../../models/sampling/autoregressive.js';
import { mulberry32 } from '../../models/nn/params.js';
import { gaussian } from './gaussian-process.js';
import { argmin, type Policy, type Problem } from './bayesopt-core.js';

/** The observed points of every problem as one context batch (the same count for every problem). */
function observedContext(problems: Problem[], observed: number[][], grid: Float64Array): ContextSet {
  const shape: [number, number, number] = [problems.length, observed[0]!.length, 1];
  const x = Float32Array.from(observed.flatMap((idx) => idx.map((j) => grid[j]!)));
  const y = Float32Array.from(observed.flatMap((idx, i) => idx.map((j) => problems[i]!.f[j]!)));
  return { x: tf.tensor3d(x, shape), y: tf.tensor3d(y, shape) };
}

/** `points` repeated for each of `b` sets: [b, points, 1]. */
function tiled(points: Float64Array, b: number): tf.Tensor3D {
  const x = new Float32Array(b * points.length);
  for (let i = 0; i < b; i++) x.set(points, i * points.length);
  return tf.tensor3d(x, [b, points.length, 1]);
}

/** The argmin over the grid of each problem's row of `values` [problems · grid]. */
const rowArgmins = (values: tf.TypedArray, b: number, g: number) =>
  Array.from({ length: b }, (_, i) => argmin(values.subarray(i * g, (i + 1) * g)));

/**
 * `draws` function draws of `model` over the whole grid for each problem, each with its own z,
 * given the observed grid indices: mean and std [draws, problems, grid, 1].
 */
function sampleOnGrid(
  model: NeuralProcess,
  problems: Problem[],
  observed: number[][],
  grid: Float64Array,
  draws: number,
  seed: number,
): Prediction {
  const context = observedContext(problems, observed, grid);
  const targets = tiled(grid, problems.length);
  const prediction = model.sample(context, { x: targets }, draws, seed);
  tf.dispose([context.x, context.y, targets]);
  return prediction;
}

/**
 * One z draw per problem and iteration; the next query is the argmin of that function's mean (the
 * paper's form) or, with `pointwiseNoise`, of mean + σ·ε drawn independently per grid point (a
 * reference only: independent per-point noise is not a draw of a function).
 */
export function zThompson(model: NeuralProcess, grid: Float64Array, pointwiseNoise: boolean): Policy {
  const rand = mulberry32(11);
  return (problems, observed, iteration) => {
    const s = sampleOnGrid(model, problems, observed, grid, 1, 1000 + iteration);
    const [means, stds] = [s.mean.dataSync(), s.std.dataSync()];
    tf.dispose([s.mean, s.std]);
    const draw = pointwiseNoise ? means.map((m, j) => m + stds[j]! * gaussian(rand)) : means;
    return rowArgmins(draw, problems.length, grid.length);
  };
}

export interface ArDrawOptions {
  /** The points the function is drawn at, autoregressively. */
  coarse: Float64Array;
  blocks: number;
  seed: number;
}

/**
 * One autoregressive Thompson step for every problem: a function is drawn at the coarse points in
 * `blocks` sequential blocks (each block from the predictive given the observations and the blocks
 * before, observation noise included), then read on the whole grid as the model's mean given the
 * observations plus the drawn values (Bruinsma et al.'s noiseless sample, on a finer grid than it
 * was drawn on); the query is its argmin. Drawing on a coarse grid keeps the contexts the model
 * reads near the sizes it was trained on.
 */
export function arThompsonStep(
  model: NeuralProcess,
  problems: Problem[],
  observed: number[][],
  grid: Float64Array,
  o: ArDrawOptions,
): number[] {
  const b = problems.length;
  const values = tf.tidy(() => {
    const context = observedContext(problems, observed, grid);
    const coarse = tiled(o.coarse, b);
    const draws = sampleAutoregressive(
      model,
      context,
      { x: coarse },
      { samples: 1, blocks: o.blocks, seed: o.seed },
    );
    const drawn = {
      x: tf.concat([context.x, coarse], 1),
      y: tf.concat([context.y, draws.reshape<tf.Tensor3D>([b, o.coarse.length, 1])], 1),
    };
    return model.predict(drawn, { x: tiled(grid, b) }).mean.dataSync();
  });
  return rowArgmins(values, b, grid.length);
}

export function arThompson(
  model: NeuralProcess,
  grid: Float64Array,
  coarse: Float64Array,
  blocks: number,
): Policy {
  return (problems, observed, iteration) =>
    arThompsonStep(model, problems, observed, grid, { coarse, blocks, seed: 1000 * iteration });
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
 * `observations` random observations each: Thompson sampling with z explores only as far as this.
 */
export function latentSpread(
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
