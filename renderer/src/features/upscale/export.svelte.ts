import type { AnpApi, ImageInfo } from '../../../../app/api/contract.js';
import type { AnpBridge } from '../../lib/api/bridge.js';
import { canPickSaveTarget, chooseSaveTarget } from '../../lib/api/save-file.js';
import type { Studio } from '../../lib/stores/studio.svelte.js';
import { base64ToBytes } from '../../lib/util/base64.js';

export const EXPORT_FORMATS = ['png', 'jpeg', 'webp', 'tiff', 'avif'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

const MIME: Record<ExportFormatName, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  tiff: 'image/tiff',
  avif: 'image/avif',
};
const EXTENSION: Record<ExportFormatName, string> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  tiff: 'tif',
  avif: 'avif',
};

/** Lossy formats take a quality; PNG and TIFF here are lossless. */
export function hasQuality(format: ExportFormatName): boolean {
  return format === 'jpeg' || format === 'webp' || format === 'avif';
}

export function exportName(sourceName: string, image: ImageInfo, format: ExportFormatName): string {
  const stem = sourceName.replace(/\.[^.]+$/, '') || 'image';
  return `${stem}-${image.width}x${image.height}.${EXTENSION[format]}`;
}

export function mimeOf(format: ExportFormatName): string {
  return MIME[format];
}

/**
 * Export: native save dialog in Electron; in the browser a download, or the browser's file picker
 * when the user chose "Save as…". Returns where it went, or null.
 */
export class ExportStore {
  format = $state<ExportFormatName>('png');
  quality = $state(90);
  busy = $state(false);
  #api: AnpApi;
  #bridge: AnpBridge | null;

  constructor(api: AnpApi, bridge: AnpBridge | null) {
    this.#api = api;
    this.#bridge = bridge;
  }

  /** Whether browser mode can offer "Save as…" (the File System Access API). */
  get canSaveAs(): boolean {
    return !this.#bridge && canPickSaveTarget();
  }

  async export(image: ImageInfo, sourceName: string, saveAs = false): Promise<string | null> {
    const name = exportName(sourceName, image, this.format);
    this.busy = true;
    try {
      if (this.#bridge) {
        const path = await this.#bridge.saveDialog({ defaultName: name, format: this.format });
        if (!path) return null;
        // The native dialog already asked before replacing an existing file.
        await this.#api.call('exportImage', { ...this.#args(image), path, overwrite: true });
        return path;
      }
      // Browser mode names no path: the page saves the bytes the engine returns (a download unless
      // the user asked where, first, while the click still counts as a gesture).
      const target = await chooseSaveTarget(name, MIME[this.format], saveAs);
      if (!target) return null;
      const result = await this.#api.call('exportImage', this.#args(image));
      if (!result.dataBase64) throw new Error('the engine returned no file to download');
      await target.write(base64ToBytes(result.dataBase64));
      return target.name;
    } finally {
      this.busy = false;
    }
  }

  #args(image: ImageInfo) {
    return { imageId: image.id, format: this.format, quality: this.quality };
  }
}

/** Exports what the canvas shows (a result being compared, else the current image). */
export async function exportShown(studio: Studio, exporter: ExportStore, saveAs = false): Promise<void> {
  const image = studio.document.shown;
  if (!image) return;
  await studio.attempt(async () => {
    const where = await exporter.export(image, studio.document.current?.name ?? image.name, saveAs);
    if (where) {
      studio.workspace.markExported(image.id);
      studio.notices.info(
        `Exported ${image.width} × ${image.height} ${exporter.format.toUpperCase()} to ${where}`,
      );
    }
  });
}
