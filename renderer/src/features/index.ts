/**
 * The features the app is made of, one line each: a feature's folder describes its stores, tabs,
 * commands and per-photo results (see lib/studio/feature.ts), and this list gives them to the studio.
 * The tabs sit in the order their features give; the list's order is the order of the stores.
 */
import type { Feature } from '../lib/stores/studio.svelte.js';
import { compare } from './compare/index.js';
import { inpaint } from './inpaint/index.js';
import { train } from './train/index.js';
import { upscale } from './upscale/index.js';

export const FEATURES: readonly Feature[] = [
  compare, // before/after over a result on the canvas
  inpaint, // the Complete tab and the attention view
  upscale, // the Upscale tab and the export
  train, // the Models tab: models and fine-tuning
];
