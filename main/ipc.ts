/** Registers the IPC handlers: the API channel and the two dialogs, each checked in main. */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { toErrorShape } from '../app/api/errors.js';
import { CHANNELS } from './channels.js';
import { showOpenDialog, showSaveDialog } from './dialogs.js';
import {
  createCallHandler,
  OpenDialogArgs,
  SaveDialogArgs,
  SavePathGrants,
  validateDialogRequest,
  type EngineCaller,
} from './ipc-validation.js';

export function registerIpc(engine: EngineCaller): void {
  const savePaths = new SavePathGrants();
  const call = createCallHandler(engine, savePaths);
  ipcMain.handle(CHANNELS.call, (event, method: unknown, args: unknown) => call(event, method, args));
  ipcMain.handle(CHANNELS.openDialog, (event, args: unknown) =>
    reply(async () => {
      const { directory } = validateDialogRequest(event, OpenDialogArgs, args);
      return showOpenDialog(windowOf(event), directory);
    }),
  );
  ipcMain.handle(CHANNELS.saveDialog, (event, args: unknown) =>
    reply(async () => {
      const { defaultName, format } = validateDialogRequest(event, SaveDialogArgs, args);
      const path = await showSaveDialog(windowOf(event), defaultName, format);
      if (path) savePaths.grant(path);
      return path;
    }),
  );
}

function windowOf(event: IpcMainInvokeEvent): BrowserWindow {
  const window = BrowserWindow.fromWebContents(event.sender);
  if (!window) throw new Error('the request came from no window');
  return window;
}

async function reply(run: () => Promise<unknown>) {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}
