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

/**
 * Wasm heap a block of anchors takes while it is predicted, per attention channel, per anchor (its
 * windows of keys and values, by head) and per target slot (the logits, weights and decoders' inputs):
 * fitted on the heap's high-water mark after one block of the 48-channel model (32 attention channels)
 * from 128 to 8,100 anchors at ×1 to ×8 (83 to 515 MB): 31.3 KB an anchor and 5.8 KB a target.
 */
const BLOCK_ANCHOR_BYTES_PER_CHANNEL = 1002;
const BLOCK_TARGET_BYTES_PER_CHANNEL = 186;

/**
 * A block's budget. A thread holds the tile's code for the whole tile and one block's intermediates at
 * a time, so tiles can be large (little halo recomputed) while memory stays bounded; larger blocks
 * are faster, as every block reads the tile's whole grid of keys and values again.
 */
const BLOCK_BYTES = 160 * 2 ** 20;

/** What a thread holds while it predicts a block of `anchors` anchors with `slots` target slots each. */
export function blockBytes(attentionChannels: number, anchors: number, slots: number): number {
  return (
    anchors * attentionChannels * (BLOCK_ANCHOR_BYTES_PER_CHANNEL + slots * BLOCK_TARGET_BYTES_PER_CHANNEL)
  );
}

/** Anchor rows in each block of a tile `columns` anchors wide (at least one). */
export function blockRows(
  attentionChannels: number,
  columns: number,
  slots: number,
  budget = BLOCK_BYTES,
): number {
  return Math.max(1, Math.floor(budget / blockBytes(attentionChannels, columns, slots)));
}

type SuperResCode = ReturnType<GridSuperResModel['encodeLow']>;

/** Predicts the job's anchors block by block from the tile's code, into `mean` and `std` (when asked). */
async function predictBlocks(
  model: GridSuperResModel,
  code: SuperResCode,
  job: SuperResJob,
  tensors: { low: tf.Tensor4D; cell: tf.Tensor2D; z: tf.Tensor2D | null },
  sigmaScale: number,
  out: { mean: Float32Array; std: Float32Array },
  blockBudget: number,
): Promise<void> {
  const { yDim } = model.config;
  const { rows, columns, slots } = job.anchors;
  const step = blockRows(model.config.attentionChannels, columns, slots, blockBudget);
  const perRow = columns * slots;
  for (let top = 0; top < rows; top += step) {
    const height = Math.min(step, rows - top);
    const [first, end] = [top * perRow, (top + height) * perRow];
    const input = {
      low: tensors.low,
      offset: tf.tensor5d(job.offset.subarray(2 * first, 2 * end), [1, height, columns, slots, 2]),
      base: tf.tensor5d(job.base.subarray(yDim * first, yDim * end), [1, height, columns, slots, yDim]),
      cell: tensors.cell,
      origin: [job.origin[0] + top, job.origin[1]] as [number, number],
    };
    const outputs: tf.Tensor[] = [input.offset, input.base];
    try {
      const { mean, std } = model.predictEncoded(code, input, tensors.z ? { z: tensors.z } : {});
      outputs.push(mean, std);
      const scaled = job.withStd ? tf.tidy(() => tf.mul(std, sigmaScale)) : null;
      if (scaled) outputs.push(scaled);
      // Read asynchronously: on WebGPU a synchronous read stalls the device.
      const [meanValues, stdValues] = await Promise.all([
        mean.data() as Promise<Float32Array>,
        scaled ? (scaled.data() as Promise<Float32Array>) : new Float32Array(0),
      ]);
      out.mean.set(meanValues, yDim * first);
      if (scaled) out.std.set(stdValues, yDim * first);
    } finally {
      tf.dispose(outputs);
    }
  }
}

/**
 * The tile is encoded once (the encoder over its crop and halo, the attention's maps), then its
 * anchors are predicted in blocks of rows (`blockRows` within `blockBudget`), each exactly as one
 * prediction of the whole tile would give them.
 */
export async function evaluateSuperResJob(
  model: GridSuperResModel,
  job: SuperResJob,
  sigmaScale: number,
  blockBudget = BLOCK_BYTES,
): Promise<SuperResResult> {
  const { yDim, latentDim } = model.config;
  validateSuperResJob(job, yDim, latentDim);
  const targets = job.anchors.rows * job.anchors.columns * job.anchors.slots;
  const z = latentOf(model, job.latent);
  const tensors = { low: gridTensor(job.low, yDim), cell: tf.tensor2d(job.cell, [1, 2]), z };
  const out = {
    mean: new Float32Array(targets * yDim),
    std: new Float32Array(job.withStd ? targets * yDim : 0),
  };
  try {
    const code = model.encodeLow(tensors.low);
    try {
      await predictBlocks(model, code, job, tensors, sigmaScale, out, blockBudget);
    } finally {
      model.disposeCode(code);
    }
    const zValues = z ? ((await z.data()) as Float32Array) : new Float32Array(0);
    return { ...out, z: zValues };
  } finally {
    tf.dispose([tensors.low, tensors.cell, ...(z ? [z] : [])]);
  }
}

/** The result's arrays, to transfer rather than copy. */
export function superResBuffers(result: SuperResResult): ArrayBuffer[] {
  return [result.mean, result.std, result.z].map((a) => a.buffer as ArrayBuffer);
}
