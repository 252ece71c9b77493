/**
 * Evaluates one grid job with a grid ANP: the predictive mean and std of every pixel, or one
 * autoregressive draw of the unknown ones. Tensors in, arrays out; every tensor made here is freed.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleGridAutoregressive, type GridAnpModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import type { GridJob, GridResult } from './protocol.js';

const MAX_ROUNDS = 16;

export function validateGridJob(job: GridJob, yDim: number): void {
  const { width, height } = job;
  const whole = (v: number): boolean => Number.isInteger(v) && v > 0;
  const problem =
    !whole(width) || !whole(height)
      ? `a grid job's size must be whole positive numbers (got ${width}×${height})`
      : job.values.length !== width * height * yDim
        ? `a grid job's values hold ${job.values.length} numbers, not ${width}×${height}×${yDim}`
        : job.known.length !== width * height
          ? `a grid job's mask holds ${job.known.length} pixels, not ${width}×${height}`
          : job.mode !== 'mean' && job.mode !== 'sample'
            ? `a grid job's mode must be 'mean' or 'sample' (got ${String(job.mode)})`
            : !Number.isInteger(job.rounds) || job.rounds < 1 || job.rounds > MAX_ROUNDS
              ? `a grid job's rounds must be a whole number from 1 to ${MAX_ROUNDS} (got ${job.rounds})`
              : !Number.isInteger(job.seed) || job.seed < 0
                ? `a grid job's seed must be a whole number ≥ 0 (got ${job.seed})`
                : undefined;
  if (problem) throw new ApiError('INVALID_ARGUMENT', problem);
}

export function evaluateGridJob(model: GridAnpModel, job: GridJob, sigmaScale: number): GridResult {
  const { yDim } = model.config;
  validateGridJob(job, yDim);
  const y = tf.tensor4d(job.values, [1, job.height, job.width, yDim]);
  const known = tf.tensor4d(Float32Array.from(job.known), [1, job.height, job.width, 1]);
  try {
    if (job.mode === 'sample') {
      const draw = sampleGridAutoregressive(
        model,
        { y, known },
        {
          samples: 1,
          rounds: job.rounds,
          seed: job.seed,
          sharedChannelNoise: true,
          stdScale: sigmaScale,
        },
      );
      try {
        return { values: draw.dataSync() as Float32Array, std: new Float32Array(0) };
      } finally {
        draw.dispose();
      }
    }
    const { mean, std } = model.predict({ y, known });
    try {
      const scaled = tf.tidy(() => tf.mul(std, sigmaScale));
      const out = { values: mean.dataSync() as Float32Array, std: scaled.dataSync() as Float32Array };
      scaled.dispose();
      return out;
    } finally {
      mean.dispose();
      std.dispose();
    }
  } finally {
    y.dispose();
    known.dispose();
  }
}
