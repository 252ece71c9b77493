/** Native open and save dialogs; they return real paths, which only main can ask for. */
import { dialog, type BrowserWindow } from 'electron';
import { basename, dirname } from 'node:path';

const IMAGE_EXTENSIONS = [
  'jpg',
  'jpeg',
  'png',
  'webp',
  'tif',
  'tiff',
  'gif',
  'avif',
  'heic',
  'heif',
  'jp2',
  'jxl',
];
const EXTENSION_OF: Record<string, string> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  tiff: 'tif',
  avif: 'avif',
};

export async function showOpenDialog(window: BrowserWindow, directory = false): Promise<string[]> {
  const result = await dialog.showOpenDialog(window, {
    title: directory ? 'Choose a folder of photos' : 'Open images',
    properties: directory ? ['openDirectory'] : ['openFile', 'multiSelections'],
    ...(directory ? {} : { filters: [{ name: 'Images', extensions: IMAGE_EXTENSIONS }] }),
  });
  return result.canceled ? [] : result.filePaths;
}

export async function showSaveDialog(
  window: BrowserWindow,
  defaultName: string,
  format: string,
): Promise<string | null> {
  const extension = EXTENSION_OF[format] ?? format;
  const result = await dialog.showSaveDialog(window, {
    title: 'Export image',
    defaultPath: defaultName.replace(/\.[^.]*$/, '') + `.${extension}`,
    filters: [{ name: format.toUpperCase(), extensions: [extension] }],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The output folder's own dialog (main's, never the page's). */
export async function showFolderDialog(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Choose the output folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Asks before an export into the output folder replaces a file. */
export async function confirmReplace(window: BrowserWindow, path: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `${basename(path)} already exists in ${dirname(path)}. Replace it?`,
  });
  return response === 0;
}
