/**
 * Evaluates one tile of a grid super-resolution upscale: the predictive mean (and σ) of every
 * target slot of its anchor block, under the z the job gives or the prior mean of z from its crop.
 * Tensors in, arrays out; every tensor made here is freed.
 */
import * as tf from '@tensorflow/tfjs';
import type { GridSuperResModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import type { GridImage, SuperResJob, SuperResResult } from './protocol.js';

const whole = (v: number): boolean => Number.isInteger(v) && v > 0;

function imageProblem(name: string, image: GridImage, yDim: number): string | undefined {
  const { width, height, values } = image;
  if (!whole(width) || !whole(height))
    return `a super-resolution job's ${name} size must be whole positive numbers (got ${width}×${height})`;
  if (!(values instanceof Float32Array) || values.length !== width * height * yDim)
    return `a super-resolution job's ${name} holds ${values?.length} numbers, not ${width}×${height}×${yDim}`;
  return undefined;
}

export function validateSuperResJob(job: SuperResJob, yDim: number, latentDim: number): void {
  const { rows, columns, slots } = job.anchors;
  const [top, left] = job.origin;
  const targets = rows * columns * slots;
  const inside = (start: number, size: number, grid: number) =>
    Number.isInteger(start) && start >= 0 && start + size <= grid;
  const latent = job.latent;
  const problem =
    imageProblem('tile', job.low, yDim) ??
    (!whole(rows) || !whole(columns) || !whole(slots)
      ? `a super-resolution job's anchors must be whole positive numbers (got ${rows}×${columns}×${slots})`
      : !inside(top, rows, job.low.height) || !inside(left, columns, job.low.width)
        ? `a super-resolution job's ${rows}×${columns} anchors at [${top}, ${left}] do not lie in its ${job.low.width}×${job.low.height} tile`
        : job.offset.length !== targets * 2 || job.base.length !== targets * yDim
          ? `a super-resolution job's offsets and base must hold 2 and ${yDim} numbers per target slot (${targets})`
          : !job.cell.every((c) => Number.isFinite(c) && c > 0)
            ? `a super-resolution job's cell must be positive (got ${job.cell.join(', ')})`
            : 'z' in latent
              ? latent.z.length !== latentDim
                ? `a super-resolution job's z holds ${latent.z.length} numbers, not ${latentDim}`
                : undefined
              : imageProblem('latent crop', latent.from, yDim));
  if (problem) throw new ApiError('INVALID_ARGUMENT', problem);
}

const gridTensor = (image: GridImage, yDim: number): tf.Tensor4D =>
  tf.tensor4d(image.values, [1, image.height, image.width, yDim]);

/** [1, latentDim], or null for a model without a latent path. */
function latentOf(model: GridSuperResModel, latent: SuperResJob['latent']): tf.Tensor2D | null {
  const { yDim, latentDim } = model.config;
  if (latentDim === 0) return null;
  if ('z' in latent) return tf.tensor2d(latent.z, [1, latentDim]);
  const crop = gridTensor(latent.from, yDim);
  try {
    return model.latentOf(crop);
  } finally {
    crop.dispose();
  }
}

export async function evaluateSuperResJob(
  model: GridSuperResModel,
  job: SuperResJob,
  sigmaScale: number,
): Promise<SuperResResult> {
  const { yDim, latentDim } = model.config;
  validateSuperResJob(job, yDim, latentDim);
  const { rows, columns, slots } = job.anchors;
  const z = latentOf(model, job.latent);
  const input = {
    low: gridTensor(job.low, yDim),
    offset: tf.tensor5d(job.offset, [1, rows, columns, slots, 2]),
    base: tf.tensor5d(job.base, [1, rows, columns, slots, yDim]),
    cell: tf.tensor2d(job.cell, [1, 2]),
    origin: job.origin,
  };
  const outputs: tf.Tensor[] = [];
  try {
    const { mean, std } = model.predict(input, z ? { z } : {});
    outputs.push(mean, std);
    const scaled = job.withStd ? tf.tidy(() => tf.mul(std, sigmaScale)) : null;
    if (scaled) outputs.push(scaled);
    // Read asynchronously: on WebGPU a synchronous read stalls the device.
    const [meanValues, stdValues, zValues] = await Promise.all([
      mean.data() as Promise<Float32Array>,
      scaled ? (scaled.data() as Promise<Float32Array>) : new Float32Array(0),
      z ? (z.data() as Promise<Float32Array>) : new Float32Array(0),
    ]);
    return { mean: meanValues, std: stdValues, z: zValues };
  } finally {
    tf.dispose([...outputs, input.low, input.offset, input.base, input.cell, ...(z ? [z] : [])]);
  }
}

/** The result's arrays, to transfer rather than copy. */
export function superResBuffers(result: SuperResResult): ArrayBuffer[] {
  return [result.mean, result.std, result.z].map((a) => a.buffer as ArrayBuffer);
}
