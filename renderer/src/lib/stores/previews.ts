import type { AnpApi } from '../../../../app/api/contract.js';
import { base64ToBytes } from '../util/base64.js';
import { LruMap } from '../util/lru.js';

/** Preview resolution for the main view; larger images are shown downscaled. */
export const MAIN_PREVIEW_SIDE = 2048;

export interface DecodedPreview {
  width: number;
  height: number;
  bitmap: ImageBitmap;
}

/** How many decoded previews stay in memory (main views and thumbnails together). */
const CAPACITY = 40;

/**
 * Decoded previews by image id and size, fetched once (images in the engine never change). Only the
 * recently used ones are kept; canvases hold their own copy of the pixels, so closing is safe.
 */
export class PreviewCache {
  #api: AnpApi;
  #entries = new LruMap<string, Promise<DecodedPreview>>(CAPACITY, (entry) => {
    entry.then((preview) => preview.bitmap.close()).catch(() => undefined);
  });

  constructor(api: AnpApi) {
    this.#api = api;
  }

  get(id: string, maxSide: number): Promise<DecodedPreview> {
    const key = `${id}@${maxSide}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = this.#load(id, maxSide);
      entry.catch(() => this.#entries.delete(key));
      this.#entries.set(key, entry);
    }
    return entry;
  }

  async #load(id: string, maxSide: number): Promise<DecodedPreview> {
    const preview = await this.#api.call('imagePreview', { id, maxSide });
    const blob = new Blob([base64ToBytes(preview.dataBase64)], { type: preview.mime });
    // Exact pixels: no colour management or premultiplication between the engine and the canvas.
    const bitmap = await createImageBitmap(blob, {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    return { width: preview.width, height: preview.height, bitmap };
  }
}
