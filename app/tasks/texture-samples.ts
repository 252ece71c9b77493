/**
 * The samples of a completion and the uncertainty the app shows for it.
 *
 * The model's predictive mean is the best single guess, and it is smooth: what it cannot say is which
 * of the many textures that fit the surroundings lies under the hole (its own latent draws move the
 * mean by less than a grey level). A sample is the mean plus two random fields of unit variance:
 *
 *   sample = mean + a·T + b·S,
 *
 * T: detail (known pixels minus their local average) copied from known 16-px patches that match the
 * hole's block in colour and in detail strength, each block of each sample drawing its own patch among
 * the best matches, normalised to unit strength and blended so that its variance stays one; a is the
 * detail strength τ around (capped by σ). S: a smooth random shade, the same in every channel (one
 * draw per block, tapered; independent channels made colour blotches), for what differs at larger
 * scales; b takes part of the σ left.
 * So the samples differ in structure, not only in per-pixel noise, and their spread stays within σ.
 *
 * σ is the std of the mean's error, calibrated: ln σ is linear in ln σ_model (the model's own
 * predictive std), ln τ (the detail strength of the known pixels around, carried into the hole by
 * normalised convolution) and ln(1 + depth) (the distance to the nearest known pixel); the
 * coefficients are fitted on training photos by `anp bench calibrate`. (The same strength at a
 * 16-px scale, for edges and shading crossing the hole, was tried as a fifth feature: its fitted
 * coefficient was −0.02, so it is not used.)
 */
import { mulberry32 } from '../../models/index.js';
import { gaussianBlur } from '../imaging/blur.js';
import { maskBounds } from '../imaging/mask.js';
import { distanceTo } from '../imaging/distance.js';

/** The calibration's features at a hole pixel, in the order of its coefficients. */
export const SIGMA_FEATURES = ['1', 'ln σ_model', 'ln τ', 'ln(1 + depth)'] as const;

/** ln σ = coefficients · features (one coefficient per SIGMA_FEATURES entry). */
export interface SigmaCalibration {
  coefficients: number[];
}

/**
 * Fitted for the shipped photo model on 24 training photos at 512 px, 64² boxes and strokes
 * (`anp bench calibrate`, research/results/calibration.json).
 */
export const SIGMA_CALIBRATION: SigmaCalibration = { coefficients: [-0.662, 0.335, 0.802, 0.741] };

/** Scale (px) of the local average that detail is measured against. */
const DETAIL_SIGMA = 6;
/** Scale (px) over which detail strength is averaged and carried into the hole. */
const STRENGTH_SIGMA = 12;
/** Detail strengths below a quarter grey level are treated as that (flat sky, not division by 0). */
const STRENGTH_FLOOR = 0.25 / 255;
const MODEL_STD_FLOOR = 1e-4;

export interface TextureField {
  width: number;
  height: number;
  yDim: number;
  hole: Uint8Array;
  /** Known colours minus their local average (0 in the hole). */
  detail: Float32Array;
  /** RMS detail around each pixel, carried into the hole from the known pixels. */
  strength: Float32Array;
  /** Chessboard distance to the nearest known pixel (0 on known pixels). */
  depth: Uint32Array;
}

/** blur(values · known) / blur(known): an average over known pixels only. */
function knownAverage(
  values: Float32Array,
  known: Float32Array,
  width: number,
  height: number,
  channels: number,
  sigma: number,
): Float32Array {
  const weighted = values.map((v, i) => v * known[Math.floor(i / channels)]!);
  const top = gaussianBlur(weighted, width, height, channels, sigma);
  const bottom = gaussianBlur(known, width, height, 1, sigma);
  const out = new Float32Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const w = bottom[Math.floor(i / channels)]!;
    out[i] = w > 1e-9 ? top[i]! / w : Number.NaN;
  }
  return out;
}

/** RMS of the known colours minus their `scale`-px average, carried into the hole at `carry` px. */
function carriedRms(
  colours: Float32Array,
  known: Float32Array,
  width: number,
  height: number,
  yDim: number,
  scale: number,
  carry: number,
): { detail: Float32Array; rms: Float32Array } {
  const local = knownAverage(colours, known, width, height, yDim, scale);
  const detail = new Float32Array(colours.length);
  const energy = new Float32Array(known.length);
  let total = 0;
  let count = 0;
  for (let i = 0; i < known.length; i++) {
    if (!known[i]) continue;
    let e = 0;
    for (let c = 0; c < yDim; c++) {
      const d = colours[i * yDim + c]! - local[i * yDim + c]!;
      detail[i * yDim + c] = d;
      e += d * d;
    }
    energy[i] = e / yDim;
    total += energy[i]!;
    count++;
  }
  const fallback = count ? total / count : 0;
  const carried = knownAverage(energy, known, width, height, 1, carry);
  const rms = carried.map((e) => Math.max(STRENGTH_FLOOR, Math.sqrt(Number.isNaN(e) ? fallback : e)));
  return { detail, rms };
}

export function textureField(
  colours: Float32Array,
  hole: Uint8Array,
  width: number,
  height: number,
  yDim: number,
): TextureField {
  const known = Float32Array.from(hole, (h) => 1 - h);
  const fine = carriedRms(colours, known, width, height, yDim, DETAIL_SIGMA, STRENGTH_SIGMA);
  return {
    width,
    height,
    yDim,
    hole,
    detail: fine.detail,
    strength: fine.rms,
    depth: distanceTo(hole, width, height, 0),
  };
}

/** The calibration's features at one hole pixel (SIGMA_FEATURES). */
export function sigmaFeatures(field: TextureField, modelStd: Float32Array, i: number): number[] {
  return [
    1,
    Math.log(Math.max(MODEL_STD_FLOOR, modelStd[i]!)),
    Math.log(field.strength[i]!),
    Math.log1p(field.depth[i]!),
  ];
}

/** Calibrated per-pixel std of the mean's error (colour units, RMS over channels); 0 outside the hole. */
export function calibratedSigma(
  field: TextureField,
  modelStd: Float32Array,
  calibration: SigmaCalibration = SIGMA_CALIBRATION,
): Float32Array {
  const sigma = new Float32Array(field.hole.length);
  for (let i = 0; i < sigma.length; i++) {
    if (!field.hole[i]) continue;
    const features = sigmaFeatures(field, modelStd, i);
    sigma[i] = Math.exp(features.reduce((sum, f, k) => sum + f * calibration.coefficients[k]!, 0));
  }
  return sigma;
}

/** Texture blocks: side and stride (half-overlapping, so sin² weights sum to one). */
const BLOCK = 16;
const STRIDE = BLOCK / 2;
/** Source blocks are searched within this many px of the target block, on a grid of SOURCE_STEP. */
const SEARCH_RADIUS = 96;
/** How far outside the hole's bounding box a completion may read texture from. */
export const TEXTURE_REACH = SEARCH_RADIUS + BLOCK;
const SOURCE_STEP = 4;
/** Each block draws uniformly among this many best matches, at least MIN_APART px from each other. */
const CHOICES = 8;
const MIN_APART = 8;
/** Match tolerances: colour (per channel, 0–1 units) and ln detail strength. */
const COLOUR_TOLERANCE = 0.06;
const STRENGTH_TOLERANCE = 0.35;

/** Summed-area table of interleaved channels: sums over any rectangle in O(1). */
class AreaSums {
  private readonly table: Float64Array;
  constructor(
    values: ArrayLike<number>,
    private readonly width: number,
    height: number,
    private readonly channels: number,
  ) {
    const stride = (width + 1) * channels;
    this.table = new Float64Array((height + 1) * stride);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          const o = (y + 1) * stride + (x + 1) * channels + c;
          this.table[o] =
            values[(y * width + x) * channels + c]! +
            this.table[o - channels]! +
            this.table[o - stride]! -
            this.table[o - stride - channels]!;
        }
      }
    }
  }
  /** Sum of channel c over x0 ≤ x < x1, y0 ≤ y < y1. */
  sum(x0: number, y0: number, x1: number, y1: number, c = 0): number {
    const stride = (this.width + 1) * this.channels;
    const t = this.table;
    return (
      t[y1 * stride + x1 * this.channels + c]! -
      t[y0 * stride + x1 * this.channels + c]! -
      t[y1 * stride + x0 * this.channels + c]! +
      t[y0 * stride + x0 * this.channels + c]!
    );
  }
}

interface Block {
  x: number;
  y: number;
  /** Top-left corners of the source blocks it may copy, best match first. */
  choices: [number, number][];
}

/** A block's description for matching: mean colour per channel and mean ln detail strength. */
function describe(
  sums: AreaSums,
  strength: AreaSums,
  yDim: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number[] {
  const n = Math.max(1, (x1 - x0) * (y1 - y0));
  return [
    ...Array.from({ length: yDim }, (_, c) => sums.sum(x0, y0, x1, y1, c) / n),
    strength.sum(x0, y0, x1, y1) / n,
  ];
}

function matchCost(a: number[], b: number[], yDim: number): number {
  let cost = 0;
  for (let c = 0; c < yDim; c++) cost += ((a[c]! - b[c]!) / COLOUR_TOLERANCE) ** 2;
  return cost + ((a[yDim]! - b[yDim]!) / STRENGTH_TOLERANCE) ** 2;
}

/** The hole's blocks and, for each, its best-matching fully known source blocks. */
function planBlocks(field: TextureField, mean: Float32Array): Block[] {
  const { width, height, yDim, hole } = field;
  const holeSums = new AreaSums(hole, width, height, 1);
  const colourSums = new AreaSums(mean, width, height, yDim);
  const strengthSums = new AreaSums(
    Float32Array.from(field.strength, (s) => Math.log(s)),
    width,
    height,
    1,
  );
  const bounds = maskBounds(hole, width, height);
  const sources = (x: number, y: number, radius: number): [number, number][] => {
    const out: [number, number][] = [];
    const xs = Math.max(0, x - radius);
    const ys = Math.max(0, y - radius);
    for (let sy = ys; sy <= Math.min(height - BLOCK, y + radius); sy += SOURCE_STEP) {
      for (let sx = xs; sx <= Math.min(width - BLOCK, x + radius); sx += SOURCE_STEP) {
        if (holeSums.sum(sx, sy, sx + BLOCK, sy + BLOCK) === 0) out.push([sx, sy]);
      }
    }
    return out;
  };
  const blocks: Block[] = [];
  for (let y = bounds.y0 - STRIDE; y < bounds.y1; y += STRIDE) {
    for (let x = bounds.x0 - STRIDE; x < bounds.x1; x += STRIDE) {
      const [x0, y0] = [Math.max(0, x), Math.max(0, y)];
      const [x1, y1] = [Math.min(width, x + BLOCK), Math.min(height, y + BLOCK)];
      if (x1 <= x0 || y1 <= y0 || holeSums.sum(x0, y0, x1, y1) === 0) continue;
      let candidates = sources(x, y, SEARCH_RADIUS);
      if (!candidates.length) candidates = sources(x, y, Math.max(width, height));
      if (!candidates.length) continue;
      const target = describe(colourSums, strengthSums, yDim, x0, y0, x1, y1);
      const ranked = candidates
        .map(([sx, sy]) => ({
          at: [sx, sy] as [number, number],
          cost: matchCost(
            target,
            describe(colourSums, strengthSums, yDim, sx, sy, sx + BLOCK, sy + BLOCK),
            yDim,
          ),
        }))
        .sort((a, b) => a.cost - b.cost);
      const choices: [number, number][] = [];
      for (const { at } of ranked) {
        if (choices.some(([cx, cy]) => Math.max(Math.abs(cx - at[0]), Math.abs(cy - at[1])) < MIN_APART))
          continue;
        choices.push(at);
        if (choices.length === CHOICES) break;
      }
      blocks.push({ x, y, choices });
    }
  }
  return blocks;
}

/** sin² taper over a block: two half-overlapping blocks' weights sum to one. */
const TAPER = Float32Array.from({ length: BLOCK }, (_, u) => Math.sin((Math.PI * (u + 0.5)) / BLOCK) ** 2);

/**
 * Copied texture's strength relative to the known detail around: below one because a copy's edges
 * are sharper than the detail it stands for on average (training photos: gradient energy of samples
 * 1.30–1.40× the truth's in 64² boxes at 0.8–1.0).
 */
const TEXTURE_GAIN = 0.7;
/**
 * The smooth field's share of the σ left after the texture: below one so that a sample stays within
 * ~3 dB of the mean where σ is wide (training photos: −3.9 dB in 64² boxes at 1.0).
 */
const SMOOTH_GAIN = 0.6;
/**
 * `count` samples of the completion: the hole of `mean` plus two fields of unit variance — texture
 * copied from known patches at the local detail strength τ (capped by σ), and a smooth random field
 * (one random shade per block, tapered) carrying part of the rest of σ² — each sample from its own draw of
 * patches and shades (reproducible from `seed`); known pixels are `mean`'s.
 */
export function drawTextureSamples(
  field: TextureField,
  mean: Float32Array,
  sigma: Float32Array,
  count: number,
  seed: number,
): Float32Array[] {
  const { width, height, yDim, hole, detail, strength } = field;
  const blocks = planBlocks(field, mean);
  return Array.from({ length: count }, (_, j) => {
    const random = mulberry32((seed * 7919 + j * 104729 + 1) >>> 0);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const texture = new Float32Array(mean.length);
    const smooth = new Float32Array(hole.length);
    const weightSquares = new Float32Array(hole.length);
    for (const block of blocks) {
      const [sx, sy] = block.choices[Math.floor(random() * block.choices.length)]!;
      const shade = normal();
      for (let v = 0; v < BLOCK; v++) {
        const y = block.y + v;
        if (y < 0 || y >= height) continue;
        for (let u = 0; u < BLOCK; u++) {
          const x = block.x + u;
          if (x < 0 || x >= width || !hole[y * width + x]) continue;
          const w = TAPER[u]! * TAPER[v]!;
          const i = y * width + x;
          const s = (sy + v) * width + sx + u;
          weightSquares[i]! += w * w;
          smooth[i]! += w * shade;
          for (let c = 0; c < yDim; c++) texture[i * yDim + c]! += (w * detail[s * yDim + c]!) / strength[s]!;
        }
      }
    }
    const sample = mean.slice();
    for (let i = 0; i < hole.length; i++) {
      if (!hole[i] || weightSquares[i] === 0) continue;
      const norm = 1 / Math.sqrt(weightSquares[i]!);
      const textureScale = Math.min(sigma[i]!, TEXTURE_GAIN * strength[i]!);
      const smoothScale = SMOOTH_GAIN * Math.sqrt(Math.max(0, sigma[i]! ** 2 - textureScale ** 2));
      for (let c = 0; c < yDim; c++) {
        const k = i * yDim + c;
        const value = mean[k]! + norm * (textureScale * texture[k]! + smoothScale * smooth[i]!);
        sample[k] = Math.min(1, Math.max(0, value));
      }
    }
    return sample;
  });
}
