import { expect, it } from 'vitest';
import { gridSuperResConfig } from '../../models/index.js';
import {
  encoderPixelFlops,
  haloTiles,
  superResJobFlops,
  targetFlops,
  tiledSuperResJob,
} from './model-flops.js';

/** 1 channel of signal, 2 features, one residual block, 1 head of 2, no latent, decoder [9 → 2 → 1], σ head [9 → 3 → 1]. */
const tiny = {
  ...gridSuperResConfig(1),
  channels: 2,
  dilations: [1],
  attentionChannels: 2,
  heads: 1,
  latentDim: 0,
  decoderHidden: 2,
  decoderLayers: 1,
  sigmaHidden: 3,
};

it('counts a tiny grid super-resolution model by hand', () => {
  // Lift (1 + 1 → 2) and the block's two 2 → 2 convolutions: 2·9·2·2 each.
  expect(encoderPixelFlops(tiny)).toBe(3 * 72);
  const position = 2 * 4 * 2;
  const logits = 2 * 25 * 2 + 4 * 25 + 5 * 25;
  const softmax = 4 * 25;
  const weighted = 2 * 25 * 2;
  const reach = 2 * 25 * 2;
  // Both heads read attended 2, reach 2, position 4, base 1.
  const decoder = 2 * 9 * 2 + 2 * 2 * 1;
  const sigma = 2 * 9 * 3 + 2 * 3 * 1;
  expect(targetFlops(tiny)).toBe(position + logits + softmax + weighted + reach + decoder + sigma);
  expect(targetFlops(tiny)).toBe(741);
});

it('counts the halo the tiles recompute, the projections and every target slot', () => {
  expect(haloTiles(4, 2, 1)).toEqual([
    [0, 3],
    [1, 4],
  ]);
  // A 4×2 image ×2 in cores of 2 with a halo of 1: columns 3 + 3, rows 2 → 12 pixels computed.
  const job = {
    inWidth: 4,
    inHeight: 2,
    outWidth: 8,
    outHeight: 4,
    rows: haloTiles(2, 2, 1),
    columns: haloTiles(4, 2, 1),
    slots: [2, 2] as [number, number],
    latentPixels: 0,
  };
  const f = superResJobFlops(tiny, job);
  expect(f.haloFactor).toBe(12 / 8);
  expect(f.encoder).toBe(12 * 216);
  // Queries and keys (2 → 2) and values (2 + 1 → 2) at the 12 pixels.
  expect(f.perLowPixel).toBe(12 * (8 + 8 + 12));
  expect(f.perTarget).toBe(8 * 4 * 741);
  expect(f.totalPerOutputPixel).toBe((2592 + 336 + 23712) / 32);
});

it('runs z over the whole image once when the model has a latent path', () => {
  const withLatent = { ...tiny, latentDim: 1 };
  const size = { inWidth: 4, inHeight: 2, outWidth: 8, outHeight: 4 };
  const job = tiledSuperResJob(withLatent, size, 4);
  expect(job.latentPixels).toBe(8);
  // A halo of 5 covers the whole 4×2 image: one tile of 8 pixels, plus z's pass.
  const f = superResJobFlops(withLatent, job);
  expect(f.encoder).toBe((8 + 8) * 216);
  // Latent embedding [features 2, signal 1, residual 1, seen 1] → 2 beside keys and values.
  expect(f.perLowPixel).toBe(16 * (8 + 8 + 12 + 2 * 5 * 2));
});

it('counts the empty slots of a fractional factor', () => {
  const size = { inWidth: 10, inHeight: 10, outWidth: 37, outHeight: 37 };
  expect(tiledSuperResJob(tiny, size, 10).slots).toEqual([4, 4]);
});
