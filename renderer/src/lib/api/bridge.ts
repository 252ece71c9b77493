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
  /** The output folder main remembers (chosen in main's own dialog), or null. */
  outputFolder(): Promise<string | null>;
  /** Main's folder dialog; main stores the choice and returns it (null when cancelled). */
  chooseOutputFolder(): Promise<string | null>;
  /**
   * The path for a file's leaf name in the output folder (main joins and checks it, asks for a folder
   * when none is set, and asks before replacing a file); null when the user declined.
   */
  outputPath(options: { name: string; format: string }): Promise<string | null>;
}

declare global {
  interface Window {
    anp?: AnpBridge;
  }
}

export function electronBridge(): AnpBridge | null {
  return typeof window !== 'undefined' && window.anp ? window.anp : null;
}
