/**
 * A picture of sampled completions for the README and the model card: for a few held-out photos, a
 * row of crops around the erased 64² box — the input (hole in magenta), the mean, four samples and
 * σ (the uncertainty heat map, its top = the largest σ in the hole).
 */
import sharp from 'sharp';
import type { InferencePool } from '../../app/compute/index.js';
import { cropRaster, loadCrop } from '../../app/quality/crops.js';
import { eraseHole, evaluationHoles } from '../../app/quality/masks.js';
import { inpaintImage } from '../../app/tasks/inpaint.js';
import type { ModelRef } from '../../app/util/task.js';

const SIZE = 512;
const BOX = 64;
const TILE = 160;
const SAMPLES = 4;
const HOLE_TINT = [255, 0, 255];

function boxCorner(hole: Uint8Array): [number, number] {
  const first = hole.indexOf(1);
  return [first % SIZE, Math.floor(first / SIZE)];
}

export async function writeCompletionGallery(
  files: string[],
  model: ModelRef,
  pool: InferencePool,
  path: string,
): Promise<void> {
  const columns = 2 + SAMPLES + 1;
  const width = columns * TILE;
  const grid = Buffer.alloc(width * TILE * files.length * 3, 255);
  for (const [row, file] of files.entries()) {
    const truth = await loadCrop(file, SIZE);
    const hole = evaluationHoles(file, SIZE, BOX).boxes;
    const erased = eraseHole(truth, hole, HOLE_TINT);
    const result = await inpaintImage(cropRaster(erased, SIZE), hole, {
      samples: SAMPLES,
      seed: 1,
      model,
      pool,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const [bx, by] = boxCorner(hole);
    const x0 = Math.min(SIZE - TILE, Math.max(0, bx + BOX / 2 - TILE / 2));
    const y0 = Math.min(SIZE - TILE, Math.max(0, by + BOX / 2 - TILE / 2));
    const tiles = [erased, result.mean.data, ...result.samples.map((s) => s.data), result.uncertainty.data];
    tiles.forEach((data, column) => {
      for (let y = 0; y < TILE; y++) {
        const from = ((y0 + y) * SIZE + x0) * 3;
        const to = ((row * TILE + y) * width + column * TILE) * 3;
        grid.set(data.subarray(from, from + TILE * 3) as Uint8Array, to);
      }
    });
  }
  await sharp(grid, { raw: { width, height: TILE * files.length, channels: 3 } })
    .png()
    .toFile(path);
}
