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
 * Export. In Electron: into the output folder when one is set (main joins the file's name to it and
 * asks before replacing a file), else, and for "Save as…", through the native save dialog. In the
 * browser: a download, or the browser's file picker for "Save as…". Returns where it went, or null.
 */
export class ExportStore {
  format = $state<ExportFormatName>('png');
  quality = $state(90);
  busy = $state(false);
  /** Electron: the output folder main keeps (null: none chosen; exports ask where). */
  outputFolder = $state<string | null>(null);
  #api: AnpApi;
  #bridge: AnpBridge | null;

  constructor(api: AnpApi, bridge: AnpBridge | null) {
    this.#api = api;
    this.#bridge = bridge;
  }

  /** Whether "Save as…" can ask where (Electron's dialog, or the browser's File System Access API). */
  get canSaveAs(): boolean {
    return this.#bridge ? this.outputFolder !== null : canPickSaveTarget();
  }

  /** Whether exports can go to an output folder (the desktop app). */
  get hasOutputFolder(): boolean {
    return this.#bridge !== null;
  }

  /** Reads the output folder main remembers. */
  async loadOutputFolder(): Promise<void> {
    if (this.#bridge) this.outputFolder = await this.#bridge.outputFolder();
  }

  /** Main's folder dialog; main stores the choice. */
  async chooseOutputFolder(): Promise<void> {
    if (!this.#bridge) return;
    const chosen = await this.#bridge.chooseOutputFolder();
    if (chosen) this.outputFolder = chosen;
  }

  async export(image: ImageInfo, sourceName: string, saveAs = false): Promise<string | null> {
    const name = exportName(sourceName, image, this.format);
    this.busy = true;
    try {
      if (this.#bridge && this.outputFolder && !saveAs) return await this.#toOutputFolder(image, name);
      if (this.#bridge) {
        const path = await this.#bridge.saveDialog({ defaultName: name, format: this.format });
        // The native dialog already asked before replacing an existing file.
        return path && (await this.#exportTo(image, path));
      }
      return await this.#inBrowser(image, name, saveAs);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Saves one result of a batch, named by `nameFor(extension)`: into the output folder (main asks
   * for one first if none is set) or as a download. Null when the user declined.
   */
  async saveBatchResult(image: ImageInfo, nameFor: (extension: string) => string): Promise<string | null> {
    const name = nameFor(EXTENSION[this.format]);
    if (this.#bridge) return this.#toOutputFolder(image, name);
    return this.#inBrowser(image, name, false);
  }

  async #toOutputFolder(image: ImageInfo, name: string): Promise<string | null> {
    const path = await this.#bridge!.outputPath({ name, format: this.format });
    await this.loadOutputFolder();
    // Main asked before handing out the path of an existing file.
    return path && (await this.#exportTo(image, path));
  }

  async #exportTo(image: ImageInfo, path: string): Promise<string> {
    await this.#api.call('exportImage', { ...this.#args(image), path, overwrite: true });
    return path;
  }

  /**
   * Browser mode names no path: the page saves the bytes the engine returns (a download unless the
   * user asked where, first, while the click still counts as a gesture).
   */
  async #inBrowser(image: ImageInfo, name: string, saveAs: boolean): Promise<string | null> {
    const target = await chooseSaveTarget(name, MIME[this.format], saveAs);
    if (!target) return null;
    const result = await this.#api.call('exportImage', this.#args(image));
    if (!result.dataBase64) throw new Error('the engine returned no file to download');
    await target.write(base64ToBytes(result.dataBase64));
    return target.name;
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
