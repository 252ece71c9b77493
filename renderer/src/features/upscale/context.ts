import { featureKey } from '../../lib/stores/studio.svelte.js';
import type { BatchUpscaleStore } from './batch.svelte.js';
import type { UpscaleEstimateStore } from './estimate.svelte.js';
import type { ExportStore } from './export.svelte.js';
import type { RegionPreviewStore } from './region-preview.svelte.js';
import type { UpscaleStore } from './upscale.svelte.js';

/** The Upscale tab's stores: the upscale, its time estimate, the 100 % region preview and the export. */
export interface Upscaling {
  upscale: UpscaleStore;
  upscaleEstimate: UpscaleEstimateStore;
  regionPreview: RegionPreviewStore;
  exporter: ExportStore;
  batch: BatchUpscaleStore;
  /** Upscales every open photo with the panel's size rule, saving each result as it comes. */
  upscaleAll(): Promise<void>;
  /** Exports what the canvas shows (a result being compared, else the current image); `saveAs` asks where. */
  exportShown(saveAs?: boolean): Promise<void>;
}

export const UPSCALING = featureKey<Upscaling>('upscale');

/** The id of the Upscale tab (the canvas picks preview regions while it is shown). */
export const UPSCALE_TAB = 'upscale';

/** The upscale's stores, for a component inside the studio. */
export const useUpscaling = (): Upscaling => UPSCALING.use();
