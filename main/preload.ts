/**
 * The renderer's only door to the system: `window.anp`, a narrow typed API over a few fixed IPC
 * channels. Raw ipcRenderer is never exposed; main validates every request again.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiEvent, ApiErrorShape } from '../app/api/contract.js';
import { CHANNELS, type MenuCommand } from './channels.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/** Errors cross contextBridge as their message only, so the code leads it: "[NOT_FOUND] …". */
async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as Reply;
  if (reply.ok) return reply.result;
  throw new Error(`[${reply.error.code}] ${reply.error.message}`);
}

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const handler = (_event: unknown, value: T): void => listener(value);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

contextBridge.exposeInMainWorld('anp', {
  call: (method: string, args: unknown) => invoke(CHANNELS.call, method, args),
  onEvent: (listener: (event: ApiEvent) => void) => subscribe(CHANNELS.event, listener),
  onMenu: (listener: (command: MenuCommand) => void) => subscribe(CHANNELS.menu, listener),
  /** The real path of a dropped or picked file ('' for one made in the page), granted to it in main. */
  pathForFile: async (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (path) await invoke(CHANNELS.droppedFile, path);
    return path;
  },
  openDialog: (options?: { directory?: boolean }) => invoke(CHANNELS.openDialog, options ?? {}),
  saveDialog: (options: { defaultName: string; format: string }) => invoke(CHANNELS.saveDialog, options),
  outputFolder: () => invoke(CHANNELS.outputFolder),
  chooseOutputFolder: () => invoke(CHANNELS.chooseOutputFolder),
  /** Only a leaf name crosses: main joins it to the folder it keeps, and asks before replacing. */
  outputPath: (options: { name: string; format: string }) => invoke(CHANNELS.outputPath, options),
});
