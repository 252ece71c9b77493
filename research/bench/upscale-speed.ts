/**
 * The upscale rows of the speed table: ×4 and ×3.7 of the 512² photo by the model, the whole job as
 * the app runs it (`runUpscale`: decode, the model's own tiling for its family, write the PNG), and
 * ESRGAN-slim and -medium's ×4 of the same photo on this thread, for the model / ESRGAN ratio.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import type { InferencePool } from '../../app/compute/index.js';
import { runUpscale } from '../../app/tasks/index.js';
import type { ModelRef } from '../../app/util/task.js';
import { loadEsrgan, type EsrganVariant } from './esrgan-peer.js';
import { medianTimed } from './timing.js';

/** The factors of the model's speed rows: a whole one, and a fractional one (empty anchor slots). */
export const UPSCALE_SPEED_SCALES = [4, 3.7] as const;
export const ESRGAN_SPEED_VARIANTS: readonly EsrganVariant[] = ['slim', 'medium'];

export interface SpeedTiming {
  seconds: number;
  cpuSeconds: number;
  runSeconds: number[];
}

/** `x4`, `x3.7`: the speed rows' keys. */
export const speedKey = (scale: number): string => `x${scale}`;

/**
 * Runs the ×4 job once untimed (every thread loads the model and sets up its kernels, whatever the
 * model's family), then each factor `repeats` times: the median run and every run, by factor key.
 */
export async function timeModelUpscales(job: {
  model: ModelRef;
  pool: InferencePool;
  input: string;
  outDir: string;
  name: string;
  repeats: number;
}): Promise<Record<string, SpeedTiming & { outputPixels: number }>> {
  const signal = new AbortController().signal;
  const run = (scale: number) =>
    runUpscale({
      input: job.input,
      size: { kind: 'scale', scale },
      model: job.model,
      outPath: join(job.outDir, `${speedKey(scale)}-${job.name}.png`),
      overwrite: true,
      pool: job.pool,
      signal,
      onProgress: () => undefined,
    });
  await run(UPSCALE_SPEED_SCALES[0]);
  const rows: Record<string, SpeedTiming & { outputPixels: number }> = {};
  for (const scale of UPSCALE_SPEED_SCALES) {
    const { value, seconds, cpuSeconds, runSeconds } = await medianTimed(job.repeats, () => run(scale));
    rows[speedKey(scale)] = { seconds, cpuSeconds, runSeconds, outputPixels: value.width * value.height };
  }
  return rows;
}

/** A square 8-bit RGB photo as ESRGAN reads it. */
async function readRgb(input: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), width: info.width, height: info.height };
}

/** ESRGAN's ×4 of `input` on this thread's tfjs backend, per variant installed (one warm-up on a 16² crop first). */
export async function timeEsrganX4(
  input: string,
  repeats: number,
): Promise<Record<string, SpeedTiming | { skipped: string }>> {
  const { rgb, width, height } = await readRgb(input);
  const rows: Record<string, SpeedTiming | { skipped: string }> = {};
  for (const variant of ESRGAN_SPEED_VARIANTS) {
    const peer = await loadEsrgan(variant, 4);
    if (!peer) {
      rows[`ESRGAN-${variant}`] = { skipped: `@upscalerjs/esrgan-${variant} ×4 is not installed` };
      continue;
    }
    try {
      await peer.upscale(new Uint8Array(16 * 16 * 3), 16, 16);
      const { seconds, cpuSeconds, runSeconds } = await medianTimed(repeats, () =>
        peer.upscale(rgb, width, height),
      );
      rows[`ESRGAN-${variant}`] = { seconds, cpuSeconds, runSeconds };
    } finally {
      peer.dispose();
    }
  }
  return rows;
}
