/**
 * A model on disk is a folder: `manifest.json` (architecture, recipe, metrics, tfjs weight specs),
 * `weights.bin` (the raw little-endian weight data) and `MODEL_CARD.md`. Saving is atomic per file
 * and the manifest is renamed last, so a reader never pairs a new manifest with old weights.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from './api/errors.js';
import { syncDir, writeTempFile } from './util/atomic-write.js';

export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';
export const CARD_FILE = 'MODEL_CARD.md';

/** The manifest as JSON; its exact fields belong to models/serialize.ts. */
export type ModelManifest = Record<string, unknown>;

export interface ModelFiles {
  manifest: ModelManifest;
  weights: Uint8Array;
  card?: string;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** The byte length the manifest's tfjs weight specs call for, or undefined if it lists none. */
export function expectedWeightBytes(manifest: ModelManifest): number | undefined {
  const specs = manifest['weightSpecs'];
  if (!Array.isArray(specs)) return undefined;
  let total = 0;
  for (const spec of specs as { shape?: unknown; dtype?: unknown; quantization?: { dtype?: string } }[]) {
    if (!Array.isArray(spec.shape) || typeof spec.dtype !== 'string') return undefined;
    const size = (spec.shape as number[]).reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = dtype === 'uint8' ? 1 : dtype === 'uint16' || dtype === 'float16' ? 2 : DTYPE_BYTES[dtype];
    if (bytes === undefined) return undefined;
    total += size * bytes;
  }
  return total;
}

/** Writes a model folder (created if needed), each file atomically, the manifest last. */
export async function saveModelDir(dir: string, files: ModelFiles): Promise<void> {
  const expected = expectedWeightBytes(files.manifest);
  if (expected !== undefined && expected !== files.weights.byteLength) {
    throw new ApiError(
      'MODEL_ERROR',
      `refusing to save ${dir}: the manifest calls for ${expected} weight bytes but ${files.weights.byteLength} were given`,
    );
  }
  await mkdir(dir, { recursive: true });
  const entries: [string, string | Uint8Array][] = [[WEIGHTS_FILE, files.weights]];
  if (files.card !== undefined) entries.push([CARD_FILE, files.card]);
  entries.push([MANIFEST_FILE, `${JSON.stringify(files.manifest, null, 2)}\n`]);
  const temps: [string, string][] = [];
  try {
    for (const [name, data] of entries) temps.push([await writeTempFile(join(dir, name), data), name]);
    for (const [temp, name] of temps) await rename(temp, join(dir, name));
  } finally {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
  }
  await syncDir(dir);
}

/** Reads a model folder, with one clear error for a missing, corrupt or truncated model. */
export async function loadModelDir(dir: string): Promise<ModelFiles> {
  const manifestText = await readModelFile(dir, MANIFEST_FILE, 'utf8');
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('MODEL_ERROR', `${join(dir, MANIFEST_FILE)} is not valid JSON (${why})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ApiError(
      'MODEL_ERROR',
      `${join(dir, MANIFEST_FILE)} is not a model manifest (expected a JSON object)`,
    );
  }
  const weights = new Uint8Array(await readModelFile(dir, WEIGHTS_FILE));
  const expected = expectedWeightBytes(manifest as ModelManifest);
  if (expected !== undefined && expected !== weights.byteLength) {
    throw new ApiError(
      'MODEL_ERROR',
      `${join(dir, WEIGHTS_FILE)} is truncated or does not match the manifest (${weights.byteLength} bytes, expected ${expected})`,
    );
  }
  let card: string | undefined;
  try {
    card = await readFile(join(dir, CARD_FILE), 'utf8');
  } catch {
    card = undefined;
  }
  return { manifest: manifest as ModelManifest, weights, ...(card !== undefined ? { card } : {}) };
}

function readModelFile(dir: string, name: string): Promise<Buffer>;
function readModelFile(dir: string, name: string, encoding: 'utf8'): Promise<string>;
async function readModelFile(dir: string, name: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const path = join(dir, name);
  try {
    return encoding ? await readFile(path, encoding) : await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ApiError('NOT_FOUND', `no model at ${dir}: ${name} is missing`);
    }
    throw new ApiError('IO_ERROR', `cannot read ${path} (${code ?? String(err)})`);
  }
}
