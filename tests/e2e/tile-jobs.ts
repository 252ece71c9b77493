/**
 * Tile jobs exactly as the app's tasks send them to the inference pool: the first job of a real
 * completion and of a real upscale of a fixture photo, taken from the tasks through a pool that
 * records it, plus a plain forward pass with latent draws. The GPU test evaluates them in the page.
 */
import { readFile } from 'node:fs/promises';
import type {
  GridResult,
  InferencePool,
  ModelSummary,
  SuperResResult,
  TileJob,
  TileResult,
} from '../../app/compute/index.js';
import { colourGrid } from '../../app/imaging/colour.js';
import { decodeImage } from '../../app/imaging/decode.js';
import { predictCompletion } from '../../app/tasks/inpaint.js';
import { upscaleColours } from '../../app/tasks/upscale-core.js';
import { NEVER_ABORTED } from '../../app/util/task.js';
import { mulberry32 } from '../../models/index.js';

export const PRETRAINED = new URL('../../models/pretrained/', import.meta.url);

export interface ModelBytes {
  manifest: Record<string, unknown>;
  weights: Uint8Array;
}

export async function readShippedModel(name: string): Promise<ModelBytes> {
  const dir = new URL(`${name}/`, PRETRAINED);
  const manifest = JSON.parse(await readFile(new URL('manifest.json', dir), 'utf8')) as Record<
    string,
    unknown
  >;
  return { manifest, weights: new Uint8Array(await readFile(new URL('weights.bin', dir))) };
}

class JobRecorded extends Error {}

/** Answers `describe` with the summary, keeps the first job it is sent and stops the task there. */
class FirstJobPool implements InferencePool {
  readonly workers = 1;
  first: TileJob | undefined;
  constructor(private readonly summary: ModelSummary) {}
  async describe(): Promise<ModelSummary> {
    return this.summary;
  }
  async evaluate(_model: unknown, job: TileJob): Promise<TileResult[]> {
    this.first ??= job;
    throw new JobRecorded();
  }
  async grid(): Promise<GridResult> {
    throw new Error('the tile-job recorder takes point-set tile jobs only');
  }
  async superres(): Promise<SuperResResult> {
    throw new Error('the tile-job recorder takes point-set tile jobs only');
  }
  async warm(): Promise<void> {}
  async tensorCounts(): Promise<number[]> {
    return [];
  }
  async dispose(): Promise<void> {}
}

async function firstJob(
  summary: ModelSummary,
  task: (pool: InferencePool) => Promise<unknown>,
): Promise<TileJob> {
  const pool = new FirstJobPool(summary);
  await task(pool).catch((err: unknown) => {
    if (!(err instanceof JobRecorded)) throw err;
  });
  if (!pool.first) throw new Error('the task sent no tile job');
  return pool.first;
}

const MODEL = { id: 'under-test', dir: 'sent-to-the-page' };

/** The first completion job for a 40 × 40 box in the middle of the photo. */
export async function completionJob(summary: ModelSummary, photo: string): Promise<TileJob> {
  const image = await decodeImage(photo, photo);
  const hole = new Uint8Array(image.width * image.height);
  const [cx, cy] = [image.width >> 1, image.height >> 1];
  for (let y = cy - 20; y < cy + 20; y++) hole.fill(1, y * image.width + cx - 20, y * image.width + cx + 20);
  return firstJob(summary, (pool) =>
    predictCompletion(image, hole, {
      model: MODEL,
      pool,
      samples: 0,
      seed: 0,
      signal: NEVER_ABORTED,
      onProgress: () => undefined,
    }),
  );
}

/** The first upscale job (×3) of the photo, cut to `tiles` tiles. */
export async function upscaleJob(summary: ModelSummary, photo: string, tiles: number): Promise<TileJob> {
  const image = await decodeImage(photo, photo);
  const src = colourGrid(image, summary.yDim);
  const job = await firstJob(summary, (pool) =>
    upscaleColours(src, image.width * 3, image.height * 3, {
      pool,
      model: MODEL,
      shape: summary,
      signal: NEVER_ABORTED,
      onTiles: () => undefined,
      sink: async () => undefined,
    }),
  );
  return { ...job, tiles: job.tiles.slice(0, tiles) };
}

/**
 * One tile of a smooth colour field: `contexts` known points and `targets` queried ones at random
 * places in [−1, 1]², and `samples` latent draws — the model's plain forward pass (a model without
 * point features; the photo model).
 */
export function forwardJob(contexts: number, targets: number, samples: number): TileJob {
  const random = mulberry32(11);
  const points = (n: number) => Float32Array.from({ length: n * 2 }, () => random() * 2 - 1);
  const contextX = points(contexts);
  const contextY = new Float32Array(contexts * 3);
  for (let i = 0; i < contexts; i++) {
    const [x, y] = [contextX[2 * i]!, contextX[2 * i + 1]!];
    contextY.set([0.5 + 0.4 * Math.sin(2 * x), 0.5 + 0.3 * Math.cos(3 * y), 0.5 + 0.2 * x * y], 3 * i);
  }
  return { tiles: [{ contextX, contextY, targetX: points(targets) }], samples, seed: 7 };
}
