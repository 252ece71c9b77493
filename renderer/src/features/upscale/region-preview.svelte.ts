import type { AnpApi, ImageInfo } from '../../../../app/api/contract.js';
import type { DocumentStore } from '../../lib/stores/document.svelte.js';
import { previewRegion, sourceBox, type Box } from './preview-region.js';
import type { UpscaleRequest, UpscaleStore } from './upscale.svelte.js';

export interface RegionPreview {
  /** The region's upscaled pixels, shown at 100 %. */
  image: ImageInfo;
  /** The region in output pixels, and where it lies on the photo. */
  region: Box;
  outline: Box;
  seconds: number;
  request: UpscaleRequest;
}

/** A 100 % preview of one region of the upscale asked for, before running the whole image. */
export class RegionPreviewStore {
  preview = $state.raw<RegionPreview | null>(null);
  previewing = $state(false);
  #api: AnpApi;
  #upscale: UpscaleStore;
  #document: DocumentStore;

  constructor(api: AnpApi, upscale: UpscaleStore, document: DocumentStore) {
    this.#api = api;
    this.#upscale = upscale;
    this.#document = document;
  }

  /** Where the preview of the region centred on an image point would lie on the photo. */
  outlineAt(centre: readonly [number, number]): Box | null {
    const source = this.#document.current;
    const target = this.#upscale.target;
    if (!source || !target) return null;
    return sourceBox(previewRegion(source, target, centre), source, target);
  }

  /** Upscales the region centred on an image point; it replaces the preview shown. */
  async previewAt(centre: readonly [number, number]): Promise<void> {
    const request = this.#upscale.request;
    const source = this.#document.current;
    const target = this.#upscale.target;
    if (!request || !source || !target || this.previewing) return;
    const region = previewRegion(source, target, centre);
    this.previewing = true;
    try {
      const { image, seconds } = await this.#api.call('upscaleRegion', { ...request, region });
      this.discard();
      const outline = sourceBox(region, source, target);
      this.preview = { image, region, outline, seconds, request };
      // The size or the photo may have changed while the region was upscaled.
      this.keepOnlyFor(this.#upscale.request);
    } finally {
      this.previewing = false;
    }
  }

  /** Drops the preview unless it shows the upscale `request` asks for (the size or photo changed). */
  keepOnlyFor(request: UpscaleRequest | null): void {
    if (this.preview && JSON.stringify(this.preview.request) !== JSON.stringify(request)) this.discard();
  }

  discard(): void {
    const preview = this.preview;
    if (!preview) return;
    this.preview = null;
    void this.#api.call('closeImage', { id: preview.image.id }).catch(() => undefined);
  }
}
