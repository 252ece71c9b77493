/**
 * The completion speed row: k = 4 samples of a 64×64 hole in a 2 MP photo (a held-out photo brought
 * to 1728×1152), the whole job as the app runs it (decode, complete, write the PNGs), median of
 * repeated runs.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { InferencePool } from '../../app/compute/index.js';
import { COMPLETION_SAMPLES } from '../../app/quality/completion-case.js';
import { runInpaint } from '../../app/tasks/index.js';
import type { ModelRef } from '../../app/util/task.js';
import { medianTimed, type Timed } from './timing.js';

/** 1728 × 1152 = 1.99 MP, the 3:2 of most cameras. */
export const SPEED_PHOTO = { width: 1728, height: 1152, hole: 64 };

export interface SpeedInput {
  /** The photo (PNG) and its mask (PNG, white = the hole at the centre). */
  input: string;
  mask: string;
}

export async function prepareCompletionSpeedInput(
  dir: string,
  photo: string,
  shape: { width: number; height: number; hole: number } = SPEED_PHOTO,
): Promise<SpeedInput> {
  const { width, height, hole } = shape;
  const input = join(dir, `photo-${width}x${height}.png`);
  const mask = join(dir, `mask-${hole}.png`);
  await sharp(photo).autoOrient().resize(width, height, { fit: 'cover' }).removeAlpha().png().toFile(input);
  const bits = Buffer.alloc(width * height);
  const [x0, y0] = [Math.floor((width - hole) / 2), Math.floor((height - hole) / 2)];
  for (let y = y0; y < y0 + hole; y++) bits.fill(255, y * width + x0, y * width + x0 + hole);
  await sharp(bits, { raw: { width, height, channels: 1 } })
    .png()
    .toFile(mask);
  return { input, mask };
}

/**
 * Runs the completion job once untimed (the threads load the model, whatever its family), then
 * `repeats` times: the median run's wall and CPU seconds, and every run's.
 */
export async function timeCompletion(
  job: { model: ModelRef; pool: InferencePool; outDir: string; repeats: number },
  speed: SpeedInput,
): Promise<Omit<Timed<unknown>, 'value'> & { runSeconds: number[] }> {
  await mkdir(job.outDir, { recursive: true });
  const mask = (await readFile(speed.mask)).toString('base64');
  const signal = new AbortController().signal;
  const run = () =>
    runInpaint({
      input: speed.input,
      mask: { kind: 'png', dataBase64: mask },
      samples: COMPLETION_SAMPLES,
      seed: 0,
      model: job.model,
      outDir: job.outDir,
      overwrite: true,
      pool: job.pool,
      signal,
      onProgress: () => undefined,
    });
  await run();
  const { seconds, cpuSeconds, runSeconds } = await medianTimed(job.repeats, run);
  return { seconds, cpuSeconds, runSeconds };
}
