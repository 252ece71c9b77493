/**
 * Electron main: lifecycle only. The renderer is served from app://anp/, the engine runs in a
 * utilityProcess, and every request from the window is checked here before it is forwarded.
 */
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SupervisedEngine } from '../app/engine/supervisor.js';
import { handleAppRequest, APP_SCHEME_PRIVILEGES } from './app-protocol.js';
import { APP_ENTRY_URL, APP_SCHEME, CHANNELS, type MenuCommand } from './channels.js';
import { showOpenDialog } from './dialogs.js';
import { ComputeWindow } from './compute-window.js';
import { startEngineProcess } from './engine-process.js';
import { registerIpc } from './ipc.js';
import { PathGrants, type UserPaths } from './ipc-validation.js';
import { menuTemplate } from './menu.js';
import { OutputFolder } from './output-folder.js';
import { RecentFiles } from './recent-files.js';
import { hardenSession, hardenWebContents } from './security.js';
import { createWindowOptions } from './window.js';
import { loadWindowBounds, saveWindowBounds } from './window-state.js';

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

let engine: SupervisedEngine | undefined;
let compute: ComputeWindow | undefined;
let sessionDir: string | undefined;
let mainWindow: BrowserWindow | undefined;
const userPaths: UserPaths = { read: new PathGrants(), save: new PathGrants() };
let recent: RecentFiles | undefined;

const builtinModelsDir = (): string =>
  app.isPackaged
    ? join(process.resourcesPath, 'models', 'pretrained')
    : join(app.getAppPath(), 'models', 'pretrained');
const boundsFile = (): string => join(app.getPath('userData'), 'window-bounds.json');

function sendMenu(command: MenuCommand): void {
  mainWindow?.webContents.send(CHANNELS.menu, command);
}

/** Opens paths the user chose (dialog or Open Recent) in the window and remembers them as recent. */
function openChosen(paths: string[]): void {
  paths.forEach((path) => userPaths.read.grant(path));
  if (paths.length) sendMenu({ command: 'open', paths });
  void rememberOpened(paths);
}

/** File ▸ Open Recent and the OS's recent documents. */
async function rememberOpened(paths: readonly string[]): Promise<void> {
  if (!recent || paths.length === 0) return;
  paths.forEach((path) => app.addRecentDocument(path));
  await recent.add(paths).catch(() => undefined);
  installMenu();
}

function installMenu(): void {
  const template = menuTemplate(
    {
      open: async () => {
        if (mainWindow) openChosen(await showOpenDialog(mainWindow));
      },
      openRecent: (path) => openChosen([path]),
      clearRecent: async () => {
        app.clearRecentDocuments();
        await recent?.clear().catch(() => undefined);
        installMenu();
      },
      export: () => sendMenu({ command: 'export' }),
      undo: () => sendMenu({ command: 'undo' }),
      redo: () => sendMenu({ command: 'redo' }),
      shortcuts: () => sendMenu({ command: 'shortcuts' }),
      about: async () => {
        const info = (await engine?.call('engineInfo', {}).catch(() => undefined)) as
          { backend?: string; device?: string } | undefined;
        const detail = [
          `Version ${app.getVersion()}`,
          info ? `Engine: ${info.backend} on ${info.device}` : '',
        ]
          .filter(Boolean)
          .join('\n');
        await dialog.showMessageBox({
          type: 'info',
          title: 'About ANP Studio',
          message: 'ANP Studio',
          detail,
        });
      },
      modelCards: () => void shell.openPath(builtinModelsDir()),
    },
    process.platform,
    recent?.paths ?? [],
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createMainWindow(): Promise<BrowserWindow> {
  const file = boundsFile();
  const bounds = await loadWindowBounds(file);
  const window = new BrowserWindow(createWindowOptions(join(__dirname, 'preload.cjs'), bounds));
  if (bounds?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    void saveWindowBounds(file, { ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(rendererDir, request));
  // Main owns the session folder so that an engine restarted after a crash finds the open images.
  sessionDir = await mkdtemp(join(app.getPath('temp'), 'anp-session-'));
  const env = {
    ...process.env,
    ANP_HOME: app.getPath('userData'),
    ANP_BUILTIN_MODELS: builtinModelsDir(),
    ANP_SESSION_DIR: sessionDir,
  };
  compute = new ComputeWindow(join(__dirname, 'compute-preload.cjs'));
  const computeWindow = compute;
  engine = await SupervisedEngine.start({
    start: async () => {
      const client = startEngineProcess(app.getAppPath(), env, computeWindow);
      await client.ready;
      return client;
    },
  });
  engine.onEvent((event) => mainWindow?.webContents.send(CHANNELS.event, event));
  const running = engine;
  void running.gaveUp.then((message) => {
    if (engine !== running) return; // closed by us on quit
    dialog.showErrorBox('ANP Studio engine stopped', message);
    app.quit();
  });
  const output = new OutputFolder(join(app.getPath('userData'), 'output-folder.json'));
  await output.load();
  registerIpc(engine, userPaths, output, (paths) => void rememberOpened(paths));
  recent = new RecentFiles(join(app.getPath('userData'), 'recent.json'));
  await recent.load();
  installMenu();
  mainWindow = await createMainWindow();
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    // The hidden compute window would otherwise keep the app from seeing all its windows closed.
    compute?.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    const closing = engine;
    engine = undefined;
    void closing
      .close()
      .then(() => (sessionDir ? rm(sessionDir, { recursive: true, force: true }) : undefined))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('ANP Studio could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    });
}
