/**
 * Evaluates a job of tiles with a model, in as few model calls as memory allows: tiles are padded
 * to a common context count (masked) and target count (discarded) and stacked into batches, so
 * thousands of small super-resolution windows cost a handful of calls.
 */
import * as tf from '@tensorflow/tfjs';
import type { ContextSet, NeuralProcess, NPConfig } from '../../models/core/types.js';
import type { TileJob, TileQuery, TileResult } from './protocol.js';

/**
 * Upper bound on target × context pairs per call: with 8 heads one attention tensor stays near 16 MB,
 * which keeps each thread's wasm heap (it never shrinks) small, and on wasm mid-sized batches are
 * also the fastest per target.
 */
const MAX_PAIRS = 500_000;
const MAX_TARGETS = 16_384;

interface Piece {
  tile: number;
  from: number;
  to: number;
}

function countPoints(x: Float32Array): number {
  return x.length / 2;
}

/** Splits tiles into target ranges small enough for one call each, then groups them into batches. */
function planBatches(tiles: TileQuery[], samples: number): Piece[][] {
  const batches: Piece[][] = [];
  let current: Piece[] = [];
  let maxN = 1;
  let maxM = 1;
  const flush = (): void => {
    if (current.length) batches.push(current);
    current = [];
    maxN = 1;
    maxM = 1;
  };
  tiles.forEach((tile, index) => {
    // The interpolation's points pair with every target too, and with each other.
    const basis = tile.basisContextX ? countPoints(tile.basisContextX) : 0;
    const n = Math.max(1, countPoints(tile.contextX), basis);
    const m = countPoints(tile.targetX);
    if (m === 0) return;
    const perCall = Math.max(1, Math.min(MAX_TARGETS, Math.floor(MAX_PAIRS / n / Math.max(1, samples))));
    if (m > perCall) {
      // A tile too large for one call runs alone in target chunks; the same seed keeps its z.
      flush();
      for (let from = 0; from < m; from += perCall)
        batches.push([{ tile: index, from, to: Math.min(m, from + perCall) }]);
      return;
    }
    const n2 = Math.max(maxN, n);
    const m2 = Math.max(maxM, m);
    if (
      (current.length + 1) * m2 * Math.max(1, samples) * n2 > MAX_PAIRS ||
      (current.length + 1) * m2 > MAX_TARGETS
    )
      flush();
    current.push({ tile: index, from: 0, to: m });
    maxN = Math.max(maxN, n);
    maxM = Math.max(maxM, m);
  });
  flush();
  return batches;
}

interface BatchTensors {
  context: ContextSet;
  tx: tf.Tensor3D;
  targetFeatures: tf.Tensor3D | undefined;
  base: tf.Tensor3D | undefined;
  basisContext: ContextSet | undefined;
  m: number;
}

/** Point sets of different sizes as one padded batch, with a mask where any is short. */
function stackPoints(
  sets: { x: Float32Array; y: Float32Array; features?: Float32Array | undefined }[],
  yDim: number,
  featureDim = 0,
): ContextSet {
  const b = sets.length;
  const n = Math.max(1, ...sets.map((set) => countPoints(set.x)));
  const x = new Float32Array(b * n * 2);
  const y = new Float32Array(b * n * yDim);
  const features = featureDim > 0 ? new Float32Array(b * n * featureDim) : null;
  const mask = new Float32Array(b * n);
  let padded = false;
  sets.forEach((set, i) => {
    const count = countPoints(set.x);
    x.set(set.x, i * n * 2);
    y.set(set.y, i * n * yDim);
    if (features) features.set(set.features!, i * n * featureDim);
    mask.fill(1, i * n, i * n + count);
    if (count < n) padded = true;
  });
  return {
    x: tf.tensor3d(x, [b, n, 2]),
    y: tf.tensor3d(y, [b, n, yDim]),
    ...(padded ? { mask: tf.tensor2d(mask, [b, n]) } : {}),
    ...(features ? { features: tf.tensor3d(features, [b, n, featureDim]) } : {}),
  };
}

/** Whether the batch's tiles carry an optional field: all of them do, or none. */
function allOrNone(tiles: TileQuery[], field: keyof TileQuery): boolean {
  const count = tiles.filter((tile) => tile[field]).length;
  if (count !== 0 && count !== tiles.length)
    throw new Error(`${field} must be given for every tile of a job or for none`);
  return count > 0;
}

function stackBatch(tiles: TileQuery[], pieces: Piece[], config: NPConfig): BatchTensors {
  const { yDim, contextFeatures: cf, targetFeatures: tfw } = config;
  const b = pieces.length;
  const batch = pieces.map((p) => tiles[p.tile]!);
  const m = Math.max(...pieces.map((p) => p.to - p.from));
  const tx = new Float32Array(b * m * 2);
  const base = allOrNone(batch, 'targetBase') ? new Float32Array(b * m * yDim) : null;
  const withBasis = allOrNone(batch, 'basisContextX');
  if (cf > 0 && !allOrNone(batch, 'contextFeatures')) throw new Error('the model needs contextFeatures');
  if (tfw > 0 && !allOrNone(batch, 'targetFeatures')) throw new Error('the model needs targetFeatures');
  const features = tfw > 0 ? new Float32Array(b * m * tfw) : null;
  pieces.forEach((p, i) => {
    const tile = batch[i]!;
    tx.set(tile.targetX.subarray(p.from * 2, p.to * 2), i * m * 2);
    base?.set(tile.targetBase!.subarray(p.from * yDim, p.to * yDim), i * m * yDim);
    features?.set(tile.targetFeatures!.subarray(p.from * tfw, p.to * tfw), i * m * tfw);
  });
  return {
    context: stackPoints(
      batch.map((tile) => ({ x: tile.contextX, y: tile.contextY, features: tile.contextFeatures })),
      yDim,
      cf,
    ),
    tx: tf.tensor3d(tx, [b, m, 2]),
    targetFeatures: features ? tf.tensor3d(features, [b, m, tfw]) : undefined,
    base: base ? tf.tensor3d(base, [b, m, yDim]) : undefined,
    basisContext: withBasis
      ? stackPoints(
          batch.map((tile) => ({ x: tile.basisContextX!, y: tile.basisContextY! })),
          yDim,
        )
      : undefined,
    m,
  };
}

function tensorsOf(set: ContextSet | undefined): tf.Tensor[] {
  return set ? [set.x, set.y, ...(set.mask ? [set.mask] : []), ...(set.features ? [set.features] : [])] : [];
}

/**
 * Tiles' means, σ (times `sigmaScale`, the model's calibration) and draws. Results are read back
 * asynchronously: on WebGPU a synchronous read stalls the device and goes through canvas copies.
 */
export async function evaluateJob(model: NeuralProcess, job: TileJob, sigmaScale = 1): Promise<TileResult[]> {
  const { yDim } = model.config;
  const results: TileResult[] = job.tiles.map((tile) => {
    const size = countPoints(tile.targetX) * yDim;
    return {
      mean: new Float32Array(size),
      std: new Float32Array(size),
      samples: Array.from({ length: job.samples }, () => new Float32Array(size)),
    };
  });
  for (const pieces of planBatches(job.tiles, job.samples)) {
    const t = stackBatch(job.tiles, pieces, model.config);
    const { context } = t;
    const targets = {
      x: t.tx,
      ...(t.targetFeatures ? { features: t.targetFeatures } : {}),
      ...(t.base ? { base: t.base } : {}),
      ...(t.basisContext ? { basisContext: t.basisContext } : {}),
    };
    try {
      const predicted = model.predict(context, targets, { z: 'mean' });
      const [mean, rawStd] = (await Promise.all([predicted.mean.data(), predicted.std.data()])) as [
        Float32Array,
        Float32Array,
      ];
      const std = sigmaScale === 1 ? rawStd : rawStd.map((v) => v * sigmaScale);
      tf.dispose([predicted.mean, predicted.std, predicted.attention]);
      let draws: Float32Array | undefined;
      if (job.samples > 0) {
        const sampled = model.sample(context, targets, job.samples, mixSeed(job.seed, pieces[0]!.tile));
        draws = (await sampled.mean.data()) as Float32Array;
        tf.dispose([sampled.mean, sampled.std]);
      }
      const b = pieces.length;
      pieces.forEach((p, i) => {
        const out = results[p.tile]!;
        const count = (p.to - p.from) * yDim;
        const src = i * t.m * yDim;
        out.mean.set(mean.subarray(src, src + count), p.from * yDim);
        out.std.set(std.subarray(src, src + count), p.from * yDim);
        for (let k = 0; k < job.samples; k++) {
          const at = (k * b + i) * t.m * yDim;
          out.samples[k]!.set(draws!.subarray(at, at + count), p.from * yDim);
        }
      });
    } finally {
      tf.dispose([
        ...tensorsOf(t.context),
        ...tensorsOf(t.basisContext),
        t.tx,
        ...(t.base ? [t.base] : []),
        ...(t.targetFeatures ? [t.targetFeatures] : []),
      ]);
    }
  }
  return results;
}

/**
 * A seed per batch, named by its first tile: batches draw independent latents, and the chunks of a
 * tile too large for one call share one.
 */
function mixSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(index + 1, 0x165667b1)) >>> 1;
}
