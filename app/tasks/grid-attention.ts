/**
 * What each head of a grid ANP's cross-attention looked at for one pixel of a finished completion:
 * its weights over the 8×8 blocks of known pixels (the keys) of the finest-level window that
 * completed the pixel (the window weighing it most where windows overlap). Where the completion ran
 * coarse to fine, that window was given the coarser level's values on a lattice; the finished
 * completion's values stand in for them. The null key's share ("nothing here matches") is left out
 * and each head's weights over the blocks are scaled to sum to 1.
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelAttention } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import type { GridAnpModel } from '../../models/index.js';
import { toModelColours } from '../imaging/colour.js';
import type { RasterImage } from '../imaging/raster.js';
import {
  cropFrame,
  gridLevels,
  gridRegion,
  inFrame,
  isLatticePixel,
  planGridWindows,
} from './grid-levels.js';
import { cropHole } from './inpaint.js';
import { heaviestWindow } from './tiling.js';

export function gridPixelAttention(
  model: GridAnpModel,
  image: RasterImage,
  hole: Uint8Array,
  query: { x: number; y: number },
): PixelAttention {
  const { yDim, attentionPool: pool } = model.config;
  const region = gridRegion(hole, image.width, image.height);
  const regionHole = cropHole(hole, image.width, region);
  const colours = toModelColours(image, yDim, region);
  const level = { width: region.width, height: region.height, factor: 1, colours, hole: regionHole };
  const guided = gridLevels(level, yDim).length > 1;
  const known = Uint8Array.from(regionHole, (h, i) =>
    !h || (guided && isLatticePixel(i, level.width)) ? 1 : 0,
  );
  const target = (query.y - region.y) * region.width + (query.x - region.x);
  const window = heaviestWindow(planGridWindows(level), target);
  const { frame } = window;
  const frameKnown = cropFrame(known, level.width, frame, 1);
  const weights = tf.tidy(() => {
    const { attention } = model.predict(
      {
        y: tf.tensor4d(cropFrame(colours, level.width, frame, yDim), [1, frame.height, frame.width, yDim]),
        known: tf.tensor4d(Float32Array.from(frameKnown), [1, frame.height, frame.width, 1]),
      },
      { returnAttention: true },
    );
    if (!attention) throw new ApiError('MODEL_ERROR', 'this model has no cross-attention to show');
    // [1, heads, H·W, blocks + 1] → heads × (blocks + 1) at the pixel
    const at = inFrame(target, level.width, frame);
    return attention.slice([0, 0, at, 0], [1, -1, 1, -1]).squeeze([0, 2]);
  });
  const rows = weights.arraySync() as number[][];
  weights.dispose();
  const columns = Math.ceil(frame.width / pool);
  const blocks = knownBlocks(frameKnown, frame.width, pool);
  return {
    x: query.x,
    y: query.y,
    window: { x: region.x + frame.x, y: region.y + frame.y, width: frame.width, height: frame.height },
    cell: pool,
    points: blocks.map((b) => [
      region.x + frame.x + Math.min(frame.width - 1, (b % columns) * pool + (pool >> 1)),
      region.y + frame.y + Math.min(frame.height - 1, Math.floor(b / columns) * pool + (pool >> 1)),
    ]),
    weights: rows.map((row) => {
      const total = blocks.reduce((sum, b) => sum + row[b]!, 0);
      return blocks.map((b) => (total > 0 ? row[b]! / total : 1 / blocks.length));
    }),
  };
}

/** Row-major indices of the blocks that hold at least one known pixel (the keys). */
function knownBlocks(known: Uint8Array, width: number, pool: number): number[] {
  const columns = Math.ceil(width / pool);
  const found = new Set<number>();
  for (let i = 0; i < known.length; i++)
    if (known[i])
      found.add(Math.floor(Math.floor(i / width) / pool) * columns + Math.floor((i % width) / pool));
  return [...found].sort((a, b) => a - b);
}
