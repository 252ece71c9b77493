import type { Studio } from '../../lib/stores/studio.svelte.js';

export const IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp,.tif,.tiff,.gif,.avif,.heic,.heif,.jp2,.jxl,image/*';

/** "Open…": the native dialog in Electron (real paths, several at once), else the page's file input. */
export async function pickAndOpen(studio: Studio, input: HTMLInputElement | undefined): Promise<void> {
  if (studio.bridge) {
    await studio.attempt(async () => studio.openPaths((await studio.bridge?.openDialog()) ?? []));
    return;
  }
  input?.click();
}

/** The files of a drop or a multiple pick, in order. */
export function filesOf(files: FileList | null | undefined): File[] {
  return Array.from(files ?? []);
}

/** The images on the clipboard of a paste (text pastes carry none). */
export function pastedImages(data: DataTransfer | null): File[] {
  return filesOf(data?.files).filter((file) => file.type.startsWith('image/'));
}
