/**
 * `anp upscale A.jpg B.png … --out FOLDER` and `anp upscale FOLDER --out FOLDER`: the same scale or
 * size rule for each photo, each written as `<name>-x<scale>.<ext>` (or `-<w>x<h>` for an exact size),
 * one line per file and a summary; a file that fails is reported and the rest go on; an existing
 * output is skipped unless `--overwrite`.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ApiError, toErrorShape } from '../../api/errors.js';
import { probeImage } from '../../imaging/decode.js';
import { resolveOutputSize, runUpscale, type UpscaleSize } from '../../tasks/index.js';
import { checkCost, upscaleCost } from '../../tasks/job-cost.js';
import type { ModelRef } from '../../util/task.js';
import { CONFIRM_WITH_YES, withTaskEnvironment } from './image-task.js';

/** The extensions a batch reads from a folder, and those it writes as they are (others become .png). */
const READ_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.tif',
  '.tiff',
  '.avif',
  '.gif',
  '.heic',
  '.heif',
]);
const WRITE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif']);

export interface BatchOptions {
  inputs: readonly string[];
  outDir: string;
  size: UpscaleSize;
  model: ModelRef;
  workers: number | undefined;
  overwrite: boolean;
  yes: boolean;
  /** One line of the report (stdout). */
  print: (line: string) => void;
}

export interface BatchSummary {
  upscaled: number;
  skipped: number;
  failed: number;
}

/** Whether these positionals ask for a batch: several files, or one folder. */
export async function isBatch(positionals: readonly string[]): Promise<boolean> {
  if (positionals.length > 1) return true;
  const only = positionals[0];
  return only !== undefined && (await stat(resolve(only)).catch(() => undefined))?.isDirectory() === true;
}

/** The photos a batch works on: the files given, and the image files of each folder given (sorted). */
export async function batchInputs(positionals: readonly string[]): Promise<string[]> {
  const inputs: string[] = [];
  for (const given of positionals) {
    const path = resolve(given);
    if (!(await stat(path).catch(() => undefined))?.isDirectory()) {
      inputs.push(path);
      continue;
    }
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((e) => e.isFile() && READ_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw new ApiError('INVALID_ARGUMENT', `${path} holds no image files`);
    inputs.push(...names.map((name) => join(path, name)));
  }
  return inputs;
}

/** `photo.jpg` upscaled ×2 → `photo-x2.jpg`; to an exact size → `photo-800x600.jpg`. */
export function batchOutputName(
  input: string,
  size: UpscaleSize,
  out: { width: number; height: number },
): string {
  const extension = extname(input);
  const stem = basename(input, extension) || 'image';
  const suffix = size.kind === 'scale' ? `x${size.scale}` : `${out.width}x${out.height}`;
  const kept = WRITE_EXTENSIONS.has(extension.toLowerCase()) ? extension : '.png';
  return `${stem}-${suffix}${kept}`;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Upscales each input into the folder; returns the counts (a cancel, Ctrl+C, stops the batch). */
export async function upscaleBatch(o: BatchOptions): Promise<BatchSummary> {
  const existing = await stat(o.outDir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new ApiError('INVALID_ARGUMENT', `${o.outDir} is a file; with several photos --out needs a folder`);
  if (!existing) await mkdir(o.outDir, { recursive: true });
  const summary: BatchSummary = { upscaled: 0, skipped: 0, failed: 0 };
  await withTaskEnvironment('upscaling', o.workers, async (env) => {
    for (const [i, input] of o.inputs.entries()) {
      const label = `[${i + 1}/${o.inputs.length}] ${basename(input)}`;
      try {
        const image = await probeImage(input, basename(input));
        const out = resolveOutputSize(image.width, image.height, o.size);
        const outPath = join(o.outDir, batchOutputName(input, o.size, out));
        if (!o.overwrite && (await exists(outPath))) {
          summary.skipped++;
          o.print(`${label}: skipped, ${outPath} exists (--overwrite replaces it)`);
          continue;
        }
        const cost = upscaleCost(image, out, await env.pool.describe(o.model), env.pool.workers);
        checkCost(`this upscale to ${out.width}×${out.height}`, cost, o.yes, CONFIRM_WITH_YES);
        const done = await runUpscale({
          input,
          size: o.size,
          model: o.model,
          outPath,
          overwrite: o.overwrite,
          ...env,
        });
        summary.upscaled++;
        o.print(`${label} → ${done.path} (${done.width}×${done.height})`);
      } catch (err) {
        const error = toErrorShape(err);
        if (error.code === 'CANCELLED' || env.signal.aborted) throw err;
        summary.failed++;
        o.print(`${label}: failed: ${error.message}`);
      }
    }
  });
  o.print(
    `${summary.upscaled} upscaled, ${summary.skipped} skipped, ${summary.failed} failed (of ${o.inputs.length})`,
  );
  return summary;
}
