/** Where the shipped models live: `photo` completes, `photo-superres` upscales. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRETRAINED_DIR = fileURLToPath(new URL('../models/pretrained/', import.meta.url));
export const DEFAULT_MODEL_DIR = resolve(PRETRAINED_DIR, 'photo');
/** The shipped model trained for super-resolution alone (issue 11's model; `anp bench images` scores it). */
export const SUPERRES_MODEL_DIR = resolve(PRETRAINED_DIR, 'photo-superres');
