import type { NPConfig } from '../../models/index.js';

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
