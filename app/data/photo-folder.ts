/**
 * A folder of photos as a training set: found recursively, each decoded once into a small RGB raster
 * kept in memory (plus a few full-resolution patches, so fine detail is seen at its native scale),
 * and split deterministically into training and held-out files by a hash of the relative file name.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import sharp from 'sharp';
import { ApiError } from '../api/errors.js';
import { Rng } from './rng.js';

/** An RGB raster with samples in [0, 255], row-major, 3 interleaved channels. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface CachedPhoto {
  /** Path relative to the folder, with '/' separators. */
  name: string;
  fullWidth: number;
  fullHeight: number;
  /** The whole photo, downscaled so its long side is at most `maxSide`. */
  preview: RgbImage;
  /** Crops at the file's own resolution. */
  patches: RgbImage[];
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface PhotoSet {
  folder: string;
  train: CachedPhoto[];
  heldOut: CachedPhoto[];
  skipped: SkippedFile[];
}

export interface PhotoFolderOptions {
  /** Long side of the cached raster (default 512). */
  maxSide?: number;
  /** Smallest usable side in pixels; smaller files are skipped (default 32). */
  minSide?: number;
  /** Share of files held out for evaluation (default 0.1); at least one when there are two or more. */
  heldOutFraction?: number;
  /** Full-resolution patches kept per photo (default 4) and their side (default 96). */
  patchesPerPhoto?: number;
  patchSide?: number;
  /** File names (relative to the folder) to leave out, as if they were not there. */
  exclude?: ReadonlySet<string>;
  /** Called after each file, for progress. */
  onFile?: (done: number, total: number) => void;
}

const NOT_IMAGES = /\.(md|txt|tsv|csv|json|html?|xml|pdf|zip|gz|ds_store|ini|db)$/i;

/**
 * Every regular file below `folder` (hidden ones excluded), sorted for determinism. Links are not
 * followed — neither to files nor to folders — so a folder that links to itself cannot loop.
 */
export async function listFiles(folder: string): Promise<string[]> {
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new ApiError('NOT_FOUND', `folder not found: ${folder}`);
  }
  if (!info.isDirectory()) throw new ApiError('INVALID_ARGUMENT', `not a folder: ${folder}`);
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((name) => !name.split('/').some((part) => part.startsWith('.')))
    .sort();
}

/** Position of a file name in [0, 1): the same on every machine and run. */
export function nameHash(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) / 2 ** 32;
}

/** Names held out for evaluation: hash below the fraction, or the lowest hash if that picks none. */
export function heldOutNames(names: readonly string[], fraction: number): Set<string> {
  const held = new Set(names.filter((n) => nameHash(n) < fraction));
  if (held.size === 0 && names.length >= 2 && fraction > 0) {
    const lowest = [...names].sort((a, b) => nameHash(a) - nameHash(b))[0]!;
    held.add(lowest);
  }
  return held;
}

async function decodePhoto(
  path: string,
  name: string,
  opts: Required<Omit<PhotoFolderOptions, 'onFile' | 'exclude'>>,
): Promise<CachedPhoto> {
  const base = sharp(path, { failOn: 'error' }).autoOrient().removeAlpha().toColourspace('srgb');
  const full = await base.clone().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = full.info;
  if (Math.min(width, height) < opts.minSide) {
    throw new Error(`${width}×${height} is smaller than ${opts.minSide} pixels on a side`);
  }
  const fullImage: RgbImage = { width, height, data: toRgb(full.data, full.info.channels) };
  const scale = Math.min(1, opts.maxSide / Math.max(width, height));
  const pw = Math.max(1, Math.round(width * scale));
  const ph = Math.max(1, Math.round(height * scale));
  const small = await sharp(full.data, { raw: { width, height, channels: full.info.channels } })
    .resize(pw, ph, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const preview: RgbImage = { width: pw, height: ph, data: toRgb(small.data, small.info.channels) };
  const rng = new Rng(Math.floor(nameHash(name) * 2 ** 31));
  const side = Math.min(opts.patchSide, width, height);
  const patches: RgbImage[] = [];
  for (let i = 0; i < opts.patchesPerPhoto; i++) {
    patches.push(crop(fullImage, rng.int(0, width - side), rng.int(0, height - side), side, side));
  }
  return { name, fullWidth: width, fullHeight: height, preview, patches };
}

function toRgb(data: Buffer, channels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const pixels = data.length / channels;
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = data[i * channels + Math.min(c, channels - 1)]!;
  }
  return out;
}

export function crop(image: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const start = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(start, start + w * 3), row * w * 3);
  }
  return { width: w, height: h, data };
}

/** Loads a photo folder; files that cannot be read are skipped and listed with the reason. */
export async function loadPhotoFolder(folder: string, options: PhotoFolderOptions = {}): Promise<PhotoSet> {
  const opts = {
    maxSide: options.maxSide ?? 512,
    minSide: options.minSide ?? 32,
    heldOutFraction: options.heldOutFraction ?? 0.1,
    patchesPerPhoto: options.patchesPerPhoto ?? 4,
    patchSide: options.patchSide ?? 96,
  };
  const names = (await listFiles(folder)).filter((n) => !NOT_IMAGES.test(n) && !options.exclude?.has(n));
  const photos: CachedPhoto[] = [];
  const skipped: SkippedFile[] = [];
  for (const [i, name] of names.entries()) {
    try {
      photos.push(await decodePhoto(join(folder, name), name, opts));
    } catch (err) {
      skipped.push({ name, reason: describeDecodeError(err) });
    }
    options.onFile?.(i + 1, names.length);
  }
  if (photos.length === 0) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `no readable photos in ${folder} (${skipped.length} files skipped)`,
    );
  }
  const held = heldOutNames(
    photos.map((p) => p.name),
    opts.heldOutFraction,
  );
  return {
    folder,
    train: photos.filter((p) => !held.has(p.name)),
    heldOut: photos.filter((p) => held.has(p.name)),
    skipped,
  };
}

function describeDecodeError(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unreadable';
  if (/unsupported image format/i.test(text)) return 'not an image format sharp can read';
  return text;
}
