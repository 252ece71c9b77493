/**
 * The photo models' mean bases ('interpolation' and 'sharpened' in a config's `meanBase`), which the
 * library's decoder corrects through its `MeanBaseStrategy` interface (models/types.ts).
 *
 * The base is Lanczos-3 resampling (sharp's `lanczos3` on a grid) at the context's spacing where the
 * kernel weights sum to ≥ ½, and a Gaussian average widening with the distance to the nearest context
 * elsewhere (holes, sparse sets). An untrained photo model with it measures within 0.06 dB of
 * lanczos3 at ×2 and ×4 (0.18 dB below at ×8, where a frame holds only 4×4 low-res pixels) and above
 * Telea on holes (`anp eval --size 192`), so training only has to learn what classical interpolation
 * misses. (Keys' cubic kernel was 0.6 dB lower at ×2.) 'sharpened' adds the resampled high-pass
 * detail of the context, times a gain the decoder learns.
 */
import * as tf from '@tensorflow/tfjs';
import type { MeanBasis, MeanBaseStrategy } from '../../models/core/types.js';

/** Distances at or beyond this stand for "not a neighbour" (masked contexts, a point and itself). */
const FAR = 1e6;

/** sin(u)/u = Σ (−u²)^k / (2k+1)!, k = 0..7: within 1e-6 for u in [0, π], no division, exact at 0. */
const SINC_SERIES = Array.from({ length: 8 }, (_, k) => {
  let factorial = 1;
  for (let i = 2; i <= 2 * k + 1; i++) factorial *= i;
  return (k % 2 === 0 ? 1 : -1) / factorial;
});

/**
 * The Lanczos-3 kernel sinc(t)·sinc(t/3), |t| < 3: the resampling kernel of sharp's `lanczos3`. It is
 * 1 at 0 and 0 at every other integer, so on a grid it passes through the grid values. With
 * u = π|t|/3 and q = sin(u)/u it is q²·(1 − 4/3·u²q²) (sin 3u = 3 sin u − 4 sin³u): polynomials only,
 * because tfjs-backend-wasm's Sin took three quarters of an upscale's time.
 */
function lanczos3(t: tf.Tensor): tf.Tensor {
  const a = tf.abs(t);
  const u2 = tf.square(tf.mul(tf.minimum(a, 3), Math.PI / 3));
  const q = SINC_SERIES.slice(0, -1).reduceRight<tf.Tensor>(
    (acc, c) => tf.add(tf.mul(acc, u2), c),
    tf.fill(u2.shape, SINC_SERIES[SINC_SERIES.length - 1]!),
  );
  const q2 = tf.square(q);
  const kernel = tf.mul(q2, tf.sub(1, tf.mul(tf.mul(u2, q2), 4 / 3)));
  return tf.mul(kernel, tf.less(a, 3).cast('float32'));
}

/** Per-axis differences q − k: [B, Nq, 1, d] − [B, 1, Nk, d] → [B, Nq, Nk, d]. */
function differences(xq: tf.Tensor3D, xk: tf.Tensor3D): tf.Tensor4D {
  return tf.sub(xq.expandDims(2), xk.expandDims(1));
}

/** [B, Nk] mask → additive [B, 1, Nk] that pushes padded contexts out of reach. */
function farWhereMasked(mask: tf.Tensor2D): tf.Tensor3D {
  return tf.mul(tf.sub(1, mask), FAR).expandDims(1) as tf.Tensor3D;
}

/**
 * The context's grid spacing [B, 1, 1]: the mean over real contexts of the distance (max-norm) to
 * the nearest other context. On a low-resolution grid that is exactly the pixel pitch.
 */
function contextSpacing(pairs: tf.Tensor4D, mask: tf.Tensor2D): tf.Tensor3D {
  const n = pairs.shape[1];
  const chebyshev = tf.abs(pairs).max(-1);
  const self = tf.mul(tf.eye(n), FAR).expandDims(0);
  const nearest = tf.add(tf.add(chebyshev, self), farWhereMasked(mask)).min(-1);
  const count = tf.maximum(mask.sum(1), 1);
  const mean = tf.div(tf.mul(tf.minimum(nearest, 2), mask).sum(1), count);
  return tf.maximum(mean, 1e-3).reshape([-1, 1, 1]);
}

/**
 * Each context's detail: its value minus the [1 2 1]/4 binomial blur of its grid neighbours (a tent
 * of half-width two spacings per axis). Only contexts whose whole 3^d neighbourhood is present get
 * one — at the rim of a grid, beside a hole or in a scattered context a one-sided blur would report
 * a slope as detail — so the detail is zero there.
 */
function contextDetail(
  pairs: tf.Tensor4D,
  yc: tf.Tensor3D,
  mask: tf.Tensor2D,
  spacing: tf.Tensor3D,
): tf.Tensor3D {
  const d = pairs.shape[3];
  const tent = tf.relu(tf.sub(1, tf.div(tf.abs(pairs), tf.mul(spacing, 2).expandDims(-1)))).prod(-1);
  const weights = tf.mul(tent, mask.expandDims(1));
  const total = weights.sum(-1, true);
  const blurred = tf.div(tf.matMul(weights, yc), tf.maximum(total, 1e-6));
  const complete = tf.greaterEqual(total, 2 ** d - 1e-3).cast('float32');
  return tf.mul(tf.sub(yc, blurred), complete) as tf.Tensor3D;
}

/**
 * A classical estimate of y at every query from the context alone, for the decoder to correct:
 * Lanczos-3 resampling at the context's spacing where the context surrounds the query the way a
 * grid does (the kernel weights sum to at least ½), and elsewhere — inside holes, in sparse random
 * contexts — a Gaussian average whose width grows with the distance to the nearest context, which
 * fills holes smoothly from their rim. Not trainable and constant under the gradient.
 *
 * With `withDetail`, also the same Lanczos resampling of the contexts' high-pass detail: adding a
 * multiple of it sharpens the estimate, which undoes part of the blur an antialiased downscale left
 * in low-resolution pixels (how much is for the decoder to learn).
 * xc [B, Nc, d], yc [B, Nc, yDim], mask [B, Nc], xq [B, Nq, d].
 */
export function interpolationBasis(
  xc: tf.Tensor3D,
  yc: tf.Tensor3D,
  mask: tf.Tensor2D,
  xq: tf.Tensor3D,
  withDetail: boolean,
): MeanBasis {
  const [base, detail] = tf.tidy(() => {
    const pairs = differences(xc, xc);
    const spacing = contextSpacing(pairs, mask);
    const diff = differences(xq, xc);
    const kernel = tf.mul(lanczos3(tf.div(diff, spacing.expandDims(-1))).prod(-1), mask.expandDims(1));
    const kernelSum = kernel.sum(-1, true);
    const normalised = tf.div(kernel, tf.maximum(kernelSum, 0.5));
    const kernelEstimate = tf.matMul(normalised, yc);
    const squared = tf.add(tf.square(diff).sum(-1), farWhereMasked(mask));
    const nearest = squared.min(-1, true);
    const width = tf.maximum(nearest, tf.square(spacing));
    const gaussian = tf.softmax(tf.div(squared, tf.mul(width, -2)));
    const gaussianEstimate = tf.matMul(gaussian, yc);
    const gridLike = tf.greaterEqual(kernelSum, 0.5).cast('float32');
    const base = tf.add(
      tf.mul(kernelEstimate, gridLike),
      tf.mul(gaussianEstimate, tf.sub(1, gridLike)),
    ) as tf.Tensor3D;
    if (!withDetail) return [base];
    return [base, tf.mul(tf.matMul(normalised, contextDetail(pairs, yc, mask, spacing)), gridLike)];
  }) as tf.Tensor3D[];
  return { base: base!, detail: detail ?? null };
}

/** The classical estimate alone (see `interpolationBasis`). */
export function interpolateContext(
  xc: tf.Tensor3D,
  yc: tf.Tensor3D,
  mask: tf.Tensor2D,
  xq: tf.Tensor3D,
): tf.Tensor3D {
  return interpolationBasis(xc, yc, mask, xq, false).base;
}

function interpolationStrategy(name: string, withDetail: boolean): MeanBaseStrategy {
  return {
    name,
    withDetail,
    basis: (context, mask, targets) => interpolationBasis(context.x, context.y, mask, targets.x, withDetail),
  };
}

/** μ = the classical estimate + σ·(the decoder's correction). */
export const INTERPOLATION_BASE = interpolationStrategy('interpolation', false);

/** The same plus a learned per-point gain times the resampled detail of the context. */
export const SHARPENED_BASE = interpolationStrategy('sharpened', true);
