/**
 * `pixelAttention`: for one pixel of a finished completion, what each head of the model's
 * cross-attention looked at (grid models: grid-attention.ts; here, point-set models) — its weights over the context points of the window that completed the
 * pixel (the window weighing it most where windows overlap), at the finest level of the completion.
 * Those contexts are the known pixels the window chose and, where the completion ran coarse to fine,
 * guide points inside the hole; guides take their colours from the finished completion, which stands
 * in for the coarse level's draft (the cross-attention's weights read the positions, and the colours
 * only through the context's self-attention).
 */
import * as tf from '@tensorflow/tfjs';
import type { MaskT, PixelAttention } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { loadModel } from '../compute/model-cache.js';
import { pointModel } from '../compute/model-summary.js';
import { gridPixelAttention } from './grid-attention.js';
import { toModelColours } from '../imaging/colour.js';
import { decodeImage } from '../imaging/decode.js';
import { rasteriseMask } from '../imaging/mask.js';
import type { ModelRef } from '../util/task.js';
import { distanceTo } from '../imaging/distance.js';
import { contextOf, planWindows } from './inpaint-core.js';
import { completionRegion, cropHole } from './inpaint.js';
import { buildPyramid, type Level } from '../imaging/pyramid.js';
import { heaviestWindow, toFrame } from './tiling.js';

export interface AttentionOptions {
  /** The completed image (a sample or the mean). */
  completed: string;
  /** The mask the completion erased. */
  mask: MaskT;
  model: ModelRef;
  x: number;
  y: number;
}

export async function pixelAttention(query: AttentionOptions): Promise<PixelAttention> {
  const [image, entry] = await Promise.all([
    decodeImage(query.completed, query.completed),
    loadModel(query.model.dir),
  ]);
  if (query.x >= image.width || query.y >= image.height) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `pixel (${query.x}, ${query.y}) is outside the ${image.width}×${image.height} image`,
    );
  }
  const hole = await rasteriseMask(query.mask, image.width, image.height);
  if (!hole[query.y * image.width + query.x]) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `pixel (${query.x}, ${query.y}) was not completed: it is outside the mask`,
    );
  }
  if (entry.family === 'grid') return gridPixelAttention(entry.model, image, hole, query);
  const { summary } = entry;
  const model = pointModel(entry);
  const { yDim, window, maxContext } = summary;
  const region = completionRegion(hole, image.width, image.height, window);
  const level: Level = {
    width: region.width,
    height: region.height,
    factor: 1,
    colours: toModelColours(image, yDim, region),
    hole: cropHole(hole, image.width, region),
  };
  const target = (query.y - region.y) * level.width + (query.x - region.x);
  const plan = heaviestWindow(planWindows(level, window), target);
  const coarseToFine = buildPyramid(level, yDim, window / 4, 4).length > 1;
  const nearHole = distanceTo(level.hole, level.width, level.height, 1);
  const context = contextOf(level, plan, nearHole, coarseToFine, maxContext);

  const frame = (i: number): [number, number] => [
    toFrame(plan.column, (i % level.width) + 0.5),
    toFrame(plan.row, Math.floor(i / level.width) + 0.5),
  ];
  const colours = context.flatMap((i) => Array.from(level.colours.subarray(i * yDim, (i + 1) * yDim)));
  const predicted = tf.tidy(() => {
    const out = model.predict(
      {
        x: tf.tensor3d(context.flatMap(frame), [1, context.length, 2]),
        y: tf.tensor3d(colours, [1, context.length, yDim]),
      },
      { x: tf.tensor3d(frame(target), [1, 1, 2]) },
      { returnAttention: true },
    );
    return out.attention ? [out.attention] : [];
  });
  const attention = predicted[0];
  if (!attention) throw new ApiError('MODEL_ERROR', 'this model has no cross-attention to show');
  // [1, heads, 1, contexts] → heads × contexts
  const weights = (attention.arraySync() as number[][][][])[0]!.map((head) => head[0]!);
  attention.dispose();
  return {
    x: query.x,
    y: query.y,
    window: {
      x: region.x + plan.column.frameStart,
      y: region.y + plan.row.frameStart,
      width: plan.column.frameSize,
      height: plan.row.frameSize,
    },
    points: context.map((i) => [region.x + (i % level.width), region.y + Math.floor(i / level.width)]),
    weights,
  };
}
