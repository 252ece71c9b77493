import type { ApiEvent, ApiMethod } from '../../../../app/api/contract.js';

/** A command from the native application menu. */
export type MenuCommand =
  { command: 'open'; paths: string[] } | { command: 'export' | 'undo' | 'redo' | 'shortcuts' };

/** What Electron's preload exposes on `window.anp` (contextBridge); absent in browser mode. */
export interface AnpBridge {
  call(method: ApiMethod, args: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** The real path of a dropped or picked file (webUtils.getPathForFile). */
  pathForFile(file: File): Promise<string>;
  /** Native open dialog; `directory` picks a folder instead of image files. */
  openDialog(options?: { directory?: boolean }): Promise<string[]>;
  saveDialog(options: { defaultName: string; format: string }): Promise<string | null>;
}

declare global {
  interface Window {
    anp?: AnpBridge;
  }
}

export function electronBridge(): AnpBridge | null {
  return typeof window !== 'undefined' && window.anp ? window.anp : null;
}
