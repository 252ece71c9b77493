/** Registers the IPC handlers: the API channel, the two dialogs and dropped files, each checked in main. */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { toErrorShape } from '../app/api/errors.js';
import { CHANNELS } from './channels.js';
import { confirmReplace, showFolderDialog, showOpenDialog, showSaveDialog } from './dialogs.js';
import {
  chooseOutputFolder,
  NoArgs,
  grantOutputPath,
  type OutputFolder,
  type OutputFolderQuestions,
} from './output-folder.js';
import {
  createCallHandler,
  DroppedPathArgs,
  OpenDialogArgs,
  SaveDialogArgs,
  validateDialogRequest,
  type EngineCaller,
  type UserPaths,
} from './ipc-validation.js';

/** `opened`: paths the user chose in the open dialog or dropped (for File ▸ Open Recent). */
export function registerIpc(
  engine: EngineCaller,
  paths: UserPaths,
  output: OutputFolder,
  opened: (paths: string[]) => void = () => undefined,
): void {
  const call = createCallHandler(engine, paths);
  ipcMain.handle(CHANNELS.call, (event, method: unknown, args: unknown) => call(event, method, args));
  ipcMain.handle(CHANNELS.openDialog, (event, args: unknown) =>
    reply(async () => {
      const { directory } = validateDialogRequest(event, OpenDialogArgs, args);
      const chosen = await showOpenDialog(windowOf(event), directory);
      chosen.forEach((path) => paths.read.grant(path));
      opened(chosen);
      return chosen;
    }),
  );
  // Only the preload can send this, with a path webUtils read off a File the user dropped or
  // picked; the page itself has no way to name a path here.
  ipcMain.handle(CHANNELS.droppedFile, (event, path: unknown) =>
    reply(async () => {
      const dropped = validateDialogRequest(event, DroppedPathArgs, path);
      paths.read.grant(dropped);
      opened([dropped]);
      return null;
    }),
  );
  ipcMain.handle(CHANNELS.saveDialog, (event, args: unknown) =>
    reply(async () => {
      const { defaultName, format } = validateDialogRequest(event, SaveDialogArgs, args);
      const path = await showSaveDialog(windowOf(event), defaultName, format);
      if (path) paths.save.grant(path);
      return path;
    }),
  );
  const questions = (event: IpcMainInvokeEvent): OutputFolderQuestions => ({
    chooseFolder: () => showFolderDialog(windowOf(event)),
    confirmReplace: (path) => confirmReplace(windowOf(event), path),
  });
  ipcMain.handle(CHANNELS.outputFolder, (event) =>
    reply(async () => {
      validateDialogRequest(event, NoArgs, undefined);
      return output.folder;
    }),
  );
  ipcMain.handle(CHANNELS.chooseOutputFolder, (event) =>
    reply(async () => {
      validateDialogRequest(event, NoArgs, undefined);
      return chooseOutputFolder(output, questions(event));
    }),
  );
  ipcMain.handle(CHANNELS.outputPath, (event, args: unknown) =>
    reply(async () => {
      validateDialogRequest(event, NoArgs, undefined);
      return grantOutputPath(args, output, paths.save, questions(event));
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
