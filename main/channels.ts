/** The IPC channels between preload and main: one invoke channel per kind of request. */
export const CHANNELS = {
  call: 'anp:call',
  event: 'anp:event',
  menu: 'anp:menu',
  openDialog: 'anp:open-dialog',
  saveDialog: 'anp:save-dialog',
  outputFolder: 'anp:output-folder',
  chooseOutputFolder: 'anp:choose-output-folder',
  outputPath: 'anp:output-path',
  droppedFile: 'anp:dropped-file',
  /** Main → the hidden compute window: a request for its WebGPU Worker; and the Worker's answer back. */
  computeRequest: 'anp:compute-request',
  computeReply: 'anp:compute-reply',
} as const;

/** The renderer's origin: everything it loads comes from app://anp/. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'anp';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** The hidden window the engine's WebGPU inference runs in (dist/renderer/gpu/compute.html). */
export const COMPUTE_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/gpu/compute.html`;

/** A menu command main forwards to the renderer. */
export type MenuCommand =
  { command: 'open'; paths: string[] } | { command: 'export' | 'undo' | 'redo' | 'shortcuts' };
