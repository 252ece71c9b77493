import type { ApiEvent, ApiMethod } from '../../../../app/api/contract.js';

/** What Electron's preload exposes on `window.anp` (contextBridge); absent in browser mode. */
export interface AnpBridge {
  call(method: ApiMethod, args: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The real path of a dropped or picked file (webUtils.getPathForFile). */
  pathForFile(file: File): string;
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
