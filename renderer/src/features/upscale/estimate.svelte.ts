import type { AnpApi, UpscaleEstimate } from '../../../../app/api/contract.js';
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
