/**
 * Training batches for the grid ANP: square windows of photos (random position and scale, so every
 * pyramid level is seen) with a hole — a box, a stroke or a lasso-like blob — and, in most of them,
 * a random share of the hole's pixels revealed, as autoregressive sampling reveals them round by
 * round. The loss is taken at the hole's other pixels. Flat Float32Arrays, ready to become tensors
 * or to be posted to a worker thread.
 */
import type { CachedPhoto } from './photo-folder.js';
import type { Rng } from './rng.js';
import { sampleHole } from './tasks.js';
import { DEFAULT_WINDOW_OPTIONS, sampleWindow, type WindowOptions } from './windows.js';

export interface GridBatch {
  batch: number;
  size: number;
  /** [batch, size, size, 3]: the whole window, truth at the targets included (the model reads it only where known). */
  y: Float32Array;
  /** [batch, size, size]: 1 known, 0 not. */
  known: Float32Array;
  /** [batch, size, size]: 1 where the loss is taken (hole pixels not revealed). */
  targets: Float32Array;
}

export interface GridBatchOptions {
  /** Marks the recipe's batches as grid batches (the point-set trainer's have no such field). */
  grid: true;
  window: WindowOptions;
  /** Share of windows whose hole is a lasso-like blob (the rest: boxes and strokes, half each). */
  blobShare: number;
  /** Share of windows with part of the hole revealed, and the largest share of it revealed. */
  revealShare: number;
  maxRevealed: number;
}

export const DEFAULT_GRID_BATCH_OPTIONS: GridBatchOptions = {
  grid: true,
  window: { ...DEFAULT_WINDOW_OPTIONS, size: 64 },
  blobShare: 0.3,
  revealShare: 0.6,
  maxRevealed: 0.35,
};

/** A star-shaped polygon around a random centre, rasterised by its pixels' centres: 1 = missing. */
export function sampleBlob(size: number, rng: Rng): Uint8Array {
  const hole = new Uint8Array(size * size);
  const cx = rng.uniform(0.25, 0.75) * size;
  const cy = rng.uniform(0.25, 0.75) * size;
  const radius = rng.uniform(0.12, 0.32) * size;
  const corners = rng.int(5, 11);
  const radii = Array.from({ length: corners }, () => radius * rng.uniform(0.55, 1.25));
  const phase = rng.uniform(0, 2 * Math.PI);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const turn = ((((Math.atan2(dy, dx) - phase) / (2 * Math.PI)) % 1) + 1) % 1;
      const at = turn * corners;
      const i = Math.floor(at);
      const reach = radii[i]! + (radii[(i + 1) % corners]! - radii[i]!) * (at - i);
      if (dx * dx + dy * dy <= reach * reach) hole[y * size + x] = 1;
    }
  return hole;
}

export function sampleGridBatch(
  photos: readonly CachedPhoto[],
  batch: number,
  rng: Rng,
  options: GridBatchOptions,
): GridBatch {
  const size = options.window.size;
  const n = size * size;
  const out: GridBatch = {
    batch,
    size,
    y: new Float32Array(batch * n * 3),
    known: new Float32Array(batch * n),
    targets: new Float32Array(batch * n),
  };
  for (let b = 0; b < batch; b++) {
    out.y.set(sampleWindow(photos, rng, options.window).pixels, b * n * 3);
    let hole = rng.bool(options.blobShare) ? sampleBlob(size, rng) : sampleHole(size, rng);
    if (!hole.includes(1)) hole = sampleHole(size, rng);
    const revealed = rng.bool(options.revealShare) ? rng.uniform(0, options.maxRevealed) : 0;
    for (let i = 0; i < n; i++) {
      const target = hole[i] === 1 && !(revealed > 0 && rng.bool(revealed));
      out.known[b * n + i] = hole[i] === 1 ? (target ? 0 : 1) : 1;
      out.targets[b * n + i] = target ? 1 : 0;
    }
  }
  return out;
}
