import type { AnpApi, UpscaleEstimate } from '../../../../app/api/contract.js';
import { formatDuration } from '../../lib/util/format.js';
import type { UpscaleRequest } from './upscale.svelte.js';

/** The time an upscale will take, as the engine measured it for this size, model and machine. */
export class UpscaleEstimateStore {
  estimate = $state.raw<UpscaleEstimate | null>(null);
  estimating = $state(false);
  #api: AnpApi;
  /** The request the last call was for: a slower answer to an earlier size is dropped. */
  #asked = '';

  constructor(api: AnpApi) {
    this.#api = api;
  }

  async estimateFor(request: UpscaleRequest | null): Promise<void> {
    const asked = JSON.stringify(request);
    this.#asked = asked;
    this.estimate = null;
    if (!request) return;
    this.estimating = true;
    try {
      const estimate = await this.#api.call('estimateUpscale', request);
      if (this.#asked === asked) this.estimate = estimate;
    } catch {
      // No estimate is shown; the upscale itself reports what is wrong when it is run.
    } finally {
      if (this.#asked === asked) this.estimating = false;
    }
  }
}

/**
 * The estimate as the panel words it: the time on this computer, learned from the last upscale of
 * this size when there was one. The tile count stays out of it: it counts the photo's tiles, the same
 * for every factor, and read as the work of this size it misled.
 */
export function estimateText(estimate: UpscaleEstimate): string {
  const limits = estimate.needsConfirmation ? ' · past the limits: it will ask first' : '';
  return `About ${formatDuration(estimate.seconds)} on this computer${limits}`;
}
