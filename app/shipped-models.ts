/** Where the shipped models live: `photo-completion` completes, `photo-superres` upscales. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRETRAINED_DIR = fileURLToPath(new URL('../models/pretrained/', import.meta.url));
/** The default selection: the point-set stacked multihead ANP, which hands each task to its own model. */
export const DEFAULT_MODEL_DIR = resolve(PRETRAINED_DIR, 'photo');
/** The convolutional grid ANP trained for completion alone (issue 25); inpainting uses it by default. */
export const COMPLETION_MODEL_DIR = resolve(PRETRAINED_DIR, 'photo-completion');
/** The shipped model trained for super-resolution alone (issue 11's model; `anp bench images` scores it). */
export const SUPERRES_MODEL_DIR = resolve(PRETRAINED_DIR, 'photo-superres');
