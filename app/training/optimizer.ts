/**
 * Adam with global-norm gradient clipping, on plain Float32Arrays held by the main thread. Keeping the
 * optimizer out of tfjs makes its state (moments and step) trivially saved, restored and shared by any
 * number of gradient workers, and the update bit-for-bit reproducible on resume. The app's one Adam:
 * the photo trainer (train.ts) and the one-thread trainer (trainer.ts) both step with it.
 */
export interface AdamHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const DEFAULT_ADAM: AdamHyper = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export interface AdamState {
  /** Updates applied so far (Adam's t). */
  t: number;
  m: Float32Array[];
  v: Float32Array[];
}

export function createAdamState(shapes: readonly Float32Array[]): AdamState {
  return {
    t: 0,
    m: shapes.map((w) => new Float32Array(w.length)),
    v: shapes.map((w) => new Float32Array(w.length)),
  };
}

export function globalNorm(grads: readonly Float32Array[]): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  return Math.sqrt(sum);
}

/** Scales the gradients in place so their global norm is at most `maxNorm`; returns the norm before. */
export function clipGlobalNorm(grads: Float32Array[], maxNorm: number): number {
  const norm = globalNorm(grads);
  if (norm > maxNorm && Number.isFinite(norm)) {
    const scale = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
  }
  return norm;
}

/** One Adam step in place on `weights`. */
export function adamStep(
  weights: Float32Array[],
  grads: readonly Float32Array[],
  state: AdamState,
  learningRate: number,
  hyper: AdamHyper = DEFAULT_ADAM,
): void {
  state.t += 1;
  const { beta1, beta2, epsilon } = hyper;
  const c1 = 1 - beta1 ** state.t;
  const c2 = 1 - beta2 ** state.t;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    const g = grads[k]!;
    const m = state.m[k]!;
    const v = state.v[k]!;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * gi;
      v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
      w[i] = w[i]! - (learningRate * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + epsilon);
    }
  }
}

/** Element-wise mean of several workers' gradient lists (each list in the same variable order). */
export function averageGradients(parts: readonly Float32Array[][]): Float32Array[] {
  const first = parts[0];
  if (!first) throw new Error('no gradients to average');
  return first.map((_, k) => {
    const out = new Float32Array(first[k]!.length);
    for (const part of parts) {
      const g = part[k]!;
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + g[i]!;
    }
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / parts.length;
    return out;
  });
}
