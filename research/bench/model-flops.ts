import {
  axisLayout,
  SUPERRES_WINDOW,
  superResHalo,
  type GridSuperResConfig,
  type NPConfig,
} from '../../models/index.js';

/** Multiply-add FLOPs (2·m·k·n) of the matMuls of one forward pass; element-wise work is not counted. */
const mm = (rows: number, k: number, n: number) => 2 * rows * k * n;

function mlpFlops(rows: number, sizes: number[]): number {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += mm(rows, sizes[i]!, sizes[i + 1]!);
  return f;
}

/** Self-attention stack on `n` points per set: projections, QKᵀ, weights·V and the feed-forward MLP. */
function selfAttentionFlops(c: NPConfig, b: number, n: number): number {
  const h = c.hidden;
  const perBlock = 4 * mm(b * n, h, h) + 2 * mm(b * n, h, n) + 2 * mm(b * n, h, h);
  return c.selfAttentionLayers * perBlock;
}

function crossAttentionFlops(c: NPConfig, b: number, nc: number, nt: number): number {
  const h = c.hidden;
  const embed = mlpFlops(b * (nc + nt), [c.xDim, h, h]);
  const scores = 2 * mm(b * nt, h, nc);
  switch (c.attention) {
    case 'uniform':
      return 0;
    case 'laplace':
      return 2 * b * nt * nc * h;
    case 'dot':
      return embed + scores;
    case 'multihead':
      return embed + scores + 2 * mm(b * nt, h, h) + 2 * mm(b * nc, h, h);
  }
}

function latentFlops(c: NPConfig, b: number, n: number): number {
  if (c.kind === 'cnp') return 0;
  const h = c.hidden;
  const enc = mlpFlops(b * n, [c.xDim + c.yDim, ...Array<number>(c.encoderLayers).fill(h)]);
  return enc + selfAttentionFlops(c, b, n) + mm(b, h, h) + 2 * mm(b, h, c.latentDim);
}

/** `predict` with batch b, nc contexts and nt targets. */
export function forwardFlops(c: NPConfig, b: number, nc: number, nt: number): number {
  const h = c.hidden;
  const enc = mlpFlops(b * nc, [c.xDim + c.yDim, ...Array<number>(c.encoderLayers).fill(h)]);
  const latent = c.kind === 'cnp' ? 0 : c.latentDim;
  const dec = mlpFlops(b * nt, [h + latent + c.xDim, ...Array<number>(c.decoderLayers).fill(h), 2 * c.yDim]);
  return enc + selfAttentionFlops(c, b, nc) + crossAttentionFlops(c, b, nc, nt) + latentFlops(c, b, nc) + dec;
}

/** One training step: the loss's forward (adds q(z | C ∪ T)) and a backward pass counted as twice the forward. */
export function trainStepFlops(c: NPConfig, b: number, nc: number, nt: number): number {
  return 3 * (forwardFlops(c, b, nc, nt) + latentFlops(c, b, nc + nt));
}

/** One multiply-add per tap: a 3×3 convolution costs 2·9·Cin·Cout per pixel it computes. */
const conv3x3 = (cin: number, cout: number) => 2 * 9 * cin * cout;

/** The low-resolution pixels [start, end) one tile computes its encoder, keys and values over. */
export type TileSpan = readonly [start: number, end: number];

/**
 * An axis of `size` pixels cut into cores of `core` pixels, each computed with `halo` more pixels
 * on each side, clipped to the image (the features a tile's windows read are then exact).
 */
export function haloTiles(size: number, core: number, halo: number): TileSpan[] {
  const spans: TileSpan[] = [];
  for (let start = 0; start < size; start += core)
    spans.push([Math.max(0, start - halo), Math.min(size, start + core + halo)]);
  return spans;
}

const extent = (spans: readonly TileSpan[]) => spans.reduce((n, [a, b]) => n + b - a, 0);

/** A whole upscale as the tiles compute it. */
export interface SuperResJob {
  /** The low-resolution image and the output size. */
  inWidth: number;
  inHeight: number;
  outWidth: number;
  outHeight: number;
  /** Each tile's computed span per axis: tiles are their product (rows × columns). */
  rows: readonly TileSpan[];
  columns: readonly TileSpan[];
  /** Target slots per anchor on each axis (`axisLayout(in, out).slots`): empty slots cost as much as full ones. */
  slots: [x: number, y: number];
  /** Low-resolution pixels the global z is computed from, once per job (the encoder and the latent embedding). */
  latentPixels: number;
}

/** FLOPs of one job, split as the budget is: the encoder, and the rest; and per output pixel. */
export interface SuperResFlops {
  /** The encoder's convolutions over every pixel the tiles compute (halos included) and the z's pass. */
  encoder: number;
  /** Queries, keys, values and the latent embedding of every computed pixel. */
  perLowPixel: number;
  /** Every target slot's position projection, attention and decoder. */
  perTarget: number;
  total: number;
  outputPixels: number;
  /** The same per output pixel. */
  encoderPerOutputPixel: number;
  perLowPixelPerOutputPixel: number;
  perTargetPerOutputPixel: number;
  totalPerOutputPixel: number;
  /** One target slot's FLOPs (position projection + attention + decoder). */
  targetFlops: number;
  /** Pixels the tiles computed over the image's own: the halo's recomputation. */
  haloFactor: number;
}

/** The encoder's FLOPs at one pixel: the lift from the signal and its density channel, then two convolutions a block. */
export function encoderPixelFlops(c: GridSuperResConfig): number {
  return conv3x3(c.yDim + 1, c.channels) + 2 * c.dilations.length * conv3x3(c.channels, c.channels);
}

/**
 * A pixel's query, key and value projections (the tile projects every pixel once, its blocks read
 * them) and its latent embedding ([features, signal, residual, seen] → channels).
 */
function projectionPixelFlops(c: GridSuperResConfig): number {
  const a = c.attentionChannels;
  const latent = c.latentDim > 0 ? mm(1, c.channels + 2 * c.yDim + 1, c.channels) : 0;
  return 2 * mm(1, c.channels, a) + mm(1, c.channels + c.yDim, a) + latent;
}

/**
 * One target slot: the projection of its offset and cell code into the query; per head and window
 * key the logit (a dot product, then the 1/√d scale, the distance penalty and the outside mask: 4
 * element-wise FLOPs, plus 5 for the key's squared distance), the softmax (4 a logit: max, exp, sum,
 * divide), the weighted sum of the values and of the keys' offsets (the 'reach'); then the decoder
 * of the mean's residual and the σ head, both on the same inputs.
 */
export function targetFlops(c: GridSuperResConfig): number {
  const keys = SUPERRES_WINDOW ** 2;
  const a = c.attentionChannels;
  const position = mm(1, 4, a);
  const logits = 2 * keys * a + 4 * c.heads * keys + 5 * keys;
  const softmax = 4 * c.heads * keys;
  const weighted = 2 * keys * a;
  const reach = 2 * keys * c.heads * 2;
  const inputs = a + 2 * c.heads + 4 + c.yDim + c.latentDim;
  const decoder = mlpFlops(1, [inputs, ...Array<number>(c.decoderLayers).fill(c.decoderHidden), c.yDim]);
  const sigma = mlpFlops(1, [inputs, c.sigmaHidden, c.yDim]);
  return position + logits + softmax + weighted + reach + decoder + sigma;
}

export function superResJobFlops(c: GridSuperResConfig, job: SuperResJob): SuperResFlops {
  const computed = extent(job.rows) * extent(job.columns);
  const anchors = job.inWidth * job.inHeight;
  const latentPass = c.latentDim > 0 ? job.latentPixels : 0;
  const encoder = (computed + latentPass) * encoderPixelFlops(c);
  const perLowPixel = (computed + latentPass) * projectionPixelFlops(c);
  const target = targetFlops(c);
  const perTarget = anchors * job.slots[0] * job.slots[1] * target;
  const total = encoder + perLowPixel + perTarget;
  const outputPixels = job.outWidth * job.outHeight;
  return {
    encoder,
    perLowPixel,
    perTarget,
    total,
    outputPixels,
    encoderPerOutputPixel: encoder / outputPixels,
    perLowPixelPerOutputPixel: perLowPixel / outputPixels,
    perTargetPerOutputPixel: perTarget / outputPixels,
    totalPerOutputPixel: total / outputPixels,
    targetFlops: target,
    haloFactor: computed / anchors,
  };
}

/**
 * An upscale of an inWidth × inHeight image to outWidth × outHeight in square tiles of `core`
 * low-resolution pixels, each computed with the model's halo (`superResHalo`), z computed once over
 * `latentPixels` (default: the whole image).
 */
export function tiledSuperResJob(
  c: GridSuperResConfig,
  size: { inWidth: number; inHeight: number; outWidth: number; outHeight: number },
  core: number,
  latentPixels = size.inWidth * size.inHeight,
): SuperResJob {
  const halo = superResHalo(c);
  return {
    ...size,
    rows: haloTiles(size.inHeight, core, halo),
    columns: haloTiles(size.inWidth, core, halo),
    slots: [axisLayout(size.inWidth, size.outWidth).slots, axisLayout(size.inHeight, size.outHeight).slots],
    latentPixels,
  };
}
