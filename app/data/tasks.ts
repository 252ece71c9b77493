/**
 * Context/target tasks cut from one window, in the three forms the app uses the model for:
 * - 'pixels': a random subset of pixels as context (the paper's protocol), targets a further subset;
 * - 'superres': context = the pixels of a downscaled copy of the window (box or cubic antialiasing, at
 *   random) placed at the low-res pixel centres, targets = full-resolution pixels (super-resolution
 *   at a random factor);
 * - 'inpaint': a box or free-form stroke hole; context = known pixels, targets = the hole.
 */
import {
  axisTaps,
  CONTEXT_FEATURES,
  targetFeatureCount,
  writeContextFeatures,
  rgbImage,
  writeTarget,
  type TargetPatch,
} from '../imaging/superres-features.js';
import { completionBase } from '../imaging/completion-base.js';
import { pixelCentre } from './coords.js';
import { resampleRgb } from './resample.js';
import type { Rng } from './rng.js';
import type { Window } from './windows.js';

export type TaskKind = 'pixels' | 'superres' | 'inpaint';
export const TASK_KINDS: readonly TaskKind[] = ['pixels', 'superres', 'inpaint'];

export interface Task {
  kind: TaskKind;
  /** Points as [x, y] pairs in [−1, 1]² and colours as RGB in [0, 1], flattened. */
  contextX: Float32Array;
  contextY: Float32Array;
  targetX: Float32Array;
  targetY: Float32Array;
  /**
   * Inpainting: the completion base of the hole at the targets — the base the app's completion gives
   * the model (`app/tasks/inpaint-core.ts`), so its correction is trained on the base it will get.
   */
  targetBase?: Float32Array;
  /** Super-resolution with features: each context point's and each target's (`superres-features`). */
  contextFeatures?: Float32Array;
  targetFeatures?: Float32Array;
}

export interface TaskOptions {
  minContext: number;
  maxContext: number;
  maxTargets: number;
  /** Largest low-res grid (points) of a super-resolution context; larger grids are cropped to it. */
  maxGridContext: number;
  /** Super-resolution factors are drawn log-uniformly from this range. */
  minFactor: number;
  maxFactor: number;
  /** Share of super-resolution tasks whose factor is drawn from [minFactor, 4] instead. */
  smallFactorShare?: number;
  /**
   * Super-resolution tasks carry features and the Lanczos-3 base (`superres-features`), the targets'
   * with this patch side.
   */
  superResFeatures?: { patch: TargetPatch };
  /**
   * Pixels of the window around each side of a super-resolution task's frame, seen only through the
   * low-resolution copy (`sampleBatch` cuts windows this much larger): the features and the base of
   * pixels near the frame's edge then read real neighbours, as in a whole photo, not clamped edges.
   */
  superResSurround?: number;
  /** Share of super-resolution contexts made by area averaging rather than the cubic (default ½). */
  areaShare?: number;
}

export const DEFAULT_TASK_OPTIONS: TaskOptions = {
  minContext: 3,
  maxContext: 200,
  maxTargets: 256,
  maxGridContext: 256,
  minFactor: 2,
  maxFactor: 8,
};

/** The frame [start, start + size)² of a window that tasks' coordinates span. */
interface Frame {
  start: number;
  size: number;
}

function gather(
  window: Window,
  indices: ArrayLike<number>,
  frame: Frame = { start: 0, size: window.size },
): { x: Float32Array; y: Float32Array } {
  const { size, pixels } = window;
  const x = new Float32Array(indices.length * 2);
  const y = new Float32Array(indices.length * 3);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x[2 * k] = pixelCentre((i % size) - frame.start, frame.size);
    x[2 * k + 1] = pixelCentre(Math.floor(i / size) - frame.start, frame.size);
    y.set(pixels.subarray(3 * i, 3 * i + 3), 3 * k);
  }
  return { x, y };
}

function pixelTask(window: Window, rng: Rng, opts: TaskOptions): Task {
  const n = window.size * window.size;
  const contexts = rng.int(opts.minContext, Math.min(opts.maxContext, n - 1));
  const targets = Math.min(
    n,
    opts.maxTargets,
    contexts + rng.int(1, Math.max(1, opts.maxTargets - contexts)),
  );
  const order = rng.sampleIndices(n, targets);
  const c = gather(window, order.subarray(0, contexts));
  const t = gather(window, order);
  return { kind: 'pixels', contextX: c.x, contextY: c.y, targetX: t.x, targetY: t.y };
}

/** A super-resolution factor, log-uniform in [minFactor, maxFactor], or in [minFactor, 4] for a `smallFactorShare` of draws. */
export function drawFactor(
  rng: Rng,
  opts: Pick<TaskOptions, 'minFactor' | 'maxFactor' | 'smallFactorShare'>,
): number {
  const small = rng.bool(opts.smallFactorShare ?? 0);
  const max = small ? Math.min(4, opts.maxFactor) : opts.maxFactor;
  return Math.exp(rng.uniform(Math.log(opts.minFactor), Math.log(Math.max(opts.minFactor, max))));
}

/**
 * The window is downscaled to a low × low grid, by area averaging or by an antialiased cubic (the
 * two ways low-resolution photos usually come about), chosen at random. The task's frame is the
 * window less `superResSurround` pixels each side; its context is the low-resolution pixels whose
 * centres lie in the frame — a random sub-square of them when there are more than the cap — and
 * its targets the full-resolution pixels of the frame under that square. Coordinates span the
 * frame, so the pixel spacing the model sees is that of the whole frame.
 */
function superResTask(window: Window, rng: Rng, opts: TaskOptions): Task {
  const { size } = window;
  const surround = opts.superResSurround ?? 0;
  const frame: Frame = { start: surround, size: size - 2 * surround };
  const low = Math.max(2, Math.round(size / drawFactor(rng, opts)));
  const scale = size / low;
  // Low-resolution pixels whose centres (i + ½)·scale fall in the frame.
  const first = Math.max(0, Math.ceil(frame.start / scale - 0.5));
  const end = Math.min(low, Math.ceil((frame.start + frame.size) / scale - 0.5));
  const count = Math.max(1, end - first);
  const side = Math.min(count, Math.max(2, Math.floor(Math.sqrt(opts.maxGridContext))));
  const x0 = first + rng.int(0, count - side);
  const y0 = first + rng.int(0, count - side);
  const filter = rng.bool(opts.areaShare ?? 0.5) ? 'area' : 'cubic';
  const small = resampleRgb(window.pixels, size, { x: 0, y: 0, w: size, h: size }, low, low, 1, filter);
  const image = rgbImage(low, low, small);
  const contextX = new Float32Array(side * side * 2);
  const contextY = new Float32Array(side * side * 3);
  const contextFeatures = opts.superResFeatures ? new Float32Array(side * side * CONTEXT_FEATURES) : null;
  const toFrame = (i: number) => (((i + 0.5) * scale - frame.start) / frame.size) * 2 - 1;
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const k = j * side + i;
      contextX[2 * k] = toFrame(x0 + i);
      contextX[2 * k + 1] = toFrame(y0 + j);
      contextY.set(small.subarray(3 * ((y0 + j) * low + x0 + i), 3 * ((y0 + j) * low + x0 + i) + 3), 3 * k);
      if (contextFeatures) writeContextFeatures(image, x0 + i, y0 + j, contextFeatures, k * CONTEXT_FEATURES);
    }
  }
  const inside = (p: number, start: number) =>
    p >= frame.start &&
    p < frame.start + frame.size &&
    p + 0.5 >= start * scale &&
    p + 0.5 < (start + side) * scale;
  const candidates: number[] = [];
  for (let i = 0; i < size * size; i++)
    if (inside(i % size, x0) && inside(Math.floor(i / size), y0)) candidates.push(i);
  const picked = Array.from(rng.sampleIndices(candidates.length, opts.maxTargets), (k) => candidates[k]!);
  const t = gather(window, picked, frame);
  const task: Task = { kind: 'superres', contextX, contextY, targetX: t.x, targetY: t.y };
  if (!contextFeatures || !opts.superResFeatures) return task;
  const { patch } = opts.superResFeatures;
  const width = targetFeatureCount(patch);
  const targetBase = new Float32Array(picked.length * 3);
  const targetFeatures = new Float32Array(picked.length * width);
  picked.forEach((p, k) => {
    const tx = axisTaps(((p % size) + 0.5) / scale);
    const ty = axisTaps((Math.floor(p / size) + 0.5) / scale);
    writeTarget(patch, image, tx, ty, Math.log2(scale), targetBase, 3 * k, targetFeatures, k * width);
  });
  return { ...task, contextFeatures, targetFeatures, targetBase };
}

/** A hole mask (1 = missing) of a box or a thick random stroke covering ~5–40 % of the window. */
export function sampleHole(size: number, rng: Rng): Uint8Array {
  const hole = new Uint8Array(size * size);
  if (rng.bool()) {
    const w = rng.int(Math.ceil(size * 0.2), Math.floor(size * 0.6));
    const h = rng.int(Math.ceil(size * 0.2), Math.floor(size * 0.6));
    const x0 = rng.int(0, size - w);
    const y0 = rng.int(0, size - h);
    for (let y = y0; y < y0 + h; y++) hole.fill(1, y * size + x0, y * size + x0 + w);
    return hole;
  }
  const radius = rng.uniform(size * 0.05, size * 0.12);
  let px = rng.uniform(0, size);
  let py = rng.uniform(0, size);
  let angle = rng.uniform(0, 2 * Math.PI);
  const steps = rng.int(3, 8);
  for (let s = 0; s < steps; s++) {
    angle += rng.uniform(-1.2, 1.2);
    const length = rng.uniform(size * 0.1, size * 0.3);
    for (let t = 0; t <= length; t += radius / 2) {
      stamp(hole, size, px + Math.cos(angle) * t, py + Math.sin(angle) * t, radius);
    }
    px = Math.min(size, Math.max(0, px + Math.cos(angle) * length));
    py = Math.min(size, Math.max(0, py + Math.sin(angle) * length));
  }
  return hole;
}

function stamp(hole: Uint8Array, size: number, cx: number, cy: number, radius: number): void {
  for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(size, Math.ceil(cy + radius)); y++) {
    for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(size, Math.ceil(cx + radius)); x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) hole[y * size + x] = 1;
    }
  }
}

function inpaintTask(window: Window, rng: Rng, opts: TaskOptions): Task {
  const n = window.size * window.size;
  const hole = sampleHole(window.size, rng);
  const missing: number[] = [];
  const known: number[] = [];
  for (let i = 0; i < n; i++) (hole[i] ? missing : known).push(i);
  if (missing.length === 0 || known.length < opts.minContext) return pixelTask(window, rng, opts);
  const pick = (from: number[], count: number): number[] =>
    Array.from(rng.sampleIndices(from.length, count), (k) => from[k]!);
  const c = gather(window, pick(known, opts.maxContext));
  const targets = pick(missing, opts.maxTargets);
  const t = gather(window, targets);
  const { size, pixels } = window;
  const colours = pixels.map((v, i) => (hole[Math.floor(i / 3)] ? 0 : v));
  const fill = completionBase({ width: size, height: size, factor: 1, colours, hole }, 3).get(1)!;
  const targetBase = new Float32Array(targets.length * 3);
  targets.forEach((i, k) => targetBase.set(fill.subarray(3 * i, 3 * i + 3), 3 * k));
  return { kind: 'inpaint', contextX: c.x, contextY: c.y, targetX: t.x, targetY: t.y, targetBase };
}

export function sampleTask(
  kind: TaskKind,
  window: Window,
  rng: Rng,
  opts: TaskOptions = DEFAULT_TASK_OPTIONS,
): Task {
  if (kind === 'superres') return superResTask(window, rng, opts);
  if (kind === 'inpaint') return inpaintTask(window, rng, opts);
  return pixelTask(window, rng, opts);
}
