import type { Studio } from '../../lib/stores/studio.svelte.js';

export const IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp,.tif,.tiff,.gif,.avif,.heic,.heif,.jp2,.jxl,image/*';

/** "Open…": the native dialog in Electron (real paths), else the page's file input. */
export async function pickAndOpen(studio: Studio, input: HTMLInputElement | undefined): Promise<void> {
  if (studio.bridge) {
    await studio.attempt(async () => {
      const [path] = (await studio.bridge?.openDialog()) ?? [];
      if (path) await studio.openPath(path);
    });
    return;
  }
  input?.click();
}

/** The first file of a drop or picker (the app edits one photo at a time). */
export function firstFile(files: FileList | null | undefined): File | null {
  return files && files.length > 0 ? (files[0] ?? null) : null;
}
