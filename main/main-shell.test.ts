import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../app/engine/engine.js';
import { engineWithoutTasks } from '../tests/fixtures/test-engines.js';
import { APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol.js';
import {
  createCallHandler,
  isTrustedSender,
  OpenDialogArgs,
  SaveDialogArgs,
  PathGrants,
  validateDialogRequest,
  type ApiReply,
} from './ipc-validation.js';
import { menuTemplate } from './menu.js';
import { MAX_RECENT, RecentFiles } from './recent-files.js';
import { hardenSession, hardenWebContents } from './security.js';
import { computeWindowOptions, createWindowOptions, secureWebPreferences } from './window.js';
import { loadWindowBounds, saveWindowBounds } from './window-state.js';

let root: string;
let engine: Engine;
const forwarded: string[] = [];
/** The real engine, with a record of which calls got past main's checks. */
const recordingEngine = {
  call: (method: string, args: unknown) => {
    forwarded.push(method);
    return engine.call(method, args);
  },
};
const fromApp = { senderFrame: { url: 'app://anp/index.html' } };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-main-'));
  engine = await engineWithoutTasks(root);
  await mkdir(join(root, 'renderer'));
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>ANP</title>');
  await writeFile(join(root, 'secret.txt'), 'private');
});
afterAll(() => engine.dispose());

describe('window security options', () => {
  it('turns on isolation, sandbox and web security and turns off node integration everywhere', () => {
    const prefs = secureWebPreferences('/app/dist/main/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    const options = createWindowOptions('/p.cjs', { x: 10, y: 20, width: 1000, height: 700 });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(createWindowOptions('/p.cjs')).not.toHaveProperty('x');
  });

  it('keeps the hidden compute window as locked down as the main one, and unthrottled', () => {
    const options = computeWindowOptions('/c.cjs');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual({
      ...secureWebPreferences('/c.cjs'),
      backgroundThrottling: false,
    });
  });

  it('registers app:// as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true },
    });
  });
});

describe('IPC validation in main', () => {
  const paths = { read: new PathGrants(), save: new PathGrants() };
  const savePaths = paths.save;
  const handle = createCallHandler(recordingEngine, paths);

  it('forwards a valid call from the app:// window to the engine', async () => {
    forwarded.length = 0;
    const reply = await handle(fromApp, 'listModels', {});
    expect(reply).toEqual({ ok: true, result: [] });
    expect(forwarded).toEqual(['listModels']);
  });

  it('refuses other senders, unknown methods and bad arguments before the engine sees them', async () => {
    forwarded.length = 0;
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://other/index.html',
      'not a url',
    ]) {
      expect(isTrustedSender({ senderFrame: { url } })).toBe(false);
      expect(await handle({ senderFrame: { url } }, 'listModels', {})).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(await handle(fromApp, 'constructor', {})).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'unknown method: constructor' },
    });
    expect(await handle(fromApp, 'imagePreview', { id: 'img_abcdefgh', maxSide: 2 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^imagePreview: maxSide /) },
    });
    expect(await handle(fromApp, 'pause', { jobId: 'job_../../x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^pause: jobId /) },
    });
    const region = { imageId: 'img_abcdefgh', size: { kind: 'scale', scale: 2 } };
    expect(
      await handle(fromApp, 'upscaleRegion', { ...region, region: { x: 0, y: 0, width: 600, height: 8 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^upscaleRegion: region\.width /) },
    });
    const resume = { folder: '/p', fromModel: 'photo', name: 'mine', resume: 1 };
    expect(await handle(fromApp, 'fineTune', resume)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^fineTune: resume /) },
    });
    expect(forwarded).toEqual([]);
  });

  it('forwards pause to the engine, which knows no such job', async () => {
    expect(await handle(fromApp, 'pause', { jobId: 'job_unknown1' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no job has the id job_unknown1' },
    });
  });

  /** Opens a 4×4 PNG through main's handler, as the window would. */
  async function openSmallPng(name: string): Promise<ApiReply> {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#369' } })
      .png()
      .toBuffer();
    return handle(fromApp, 'openImage', { kind: 'bytes', name, dataBase64: png.toString('base64') });
  }

  it('keeps the engine error code in the reply', async () => {
    const opened = await openSmallPng('a.png');
    expect(opened).toMatchObject({ ok: true, result: { width: 4, height: 4 } });
    expect(await handle(fromApp, 'imageInfo', { id: 'img_unknown1' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no open image has the id img_unknown1' },
    });
  });

  it('exports only to a path the user chose in the save dialog, once', async () => {
    const opened = await openSmallPng('b.png');
    const imageId = (opened as { ok: true; result: { id: string } }).result.id;
    const target = join(root, 'chosen.png');
    const exportTo = (path: string) => handle(fromApp, 'exportImage', { imageId, format: 'png', path });
    forwarded.length = 0;
    const refused = {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/save dialog/) },
    };
    expect(await exportTo(join(root, 'secret.txt'))).toMatchObject(refused);
    expect(forwarded).toEqual([]);
    savePaths.grant(target);
    await exportTo(target); // this engine has no export task: what matters is that main let it through
    expect(forwarded).toEqual(['exportImage']);
    expect(await exportTo(target)).toMatchObject(refused);
    expect(forwarded).toEqual(['exportImage']);
  });

  it('reads only files and folders the user picked, as often as needed', async () => {
    forwarded.length = 0;
    const picked = join(root, 'picked.png');
    const open = (path: string) => handle(fromApp, 'openImage', { kind: 'path', path });
    const fineTune = (folder: string) =>
      handle(fromApp, 'fineTune', { folder, fromModel: 'photo', name: 'mine', steps: 1 });
    expect(await open('/etc/passwd')).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^openImage: the file was not opened/),
      },
    });
    expect(await fineTune(root)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'fineTune: the folder was not chosen by the user' },
    });
    expect(forwarded).toEqual([]);
    paths.read.grant(picked);
    paths.read.grant(root);
    await open(picked);
    await open(picked);
    await fineTune(root);
    expect(forwarded).toEqual(['openImage', 'openImage', 'fineTune']);
  });

  it('validates dialog requests the same way', () => {
    expect(validateDialogRequest(fromApp, OpenDialogArgs, undefined)).toEqual({});
    expect(validateDialogRequest(fromApp, OpenDialogArgs, { directory: true })).toEqual({ directory: true });
    expect(() => validateDialogRequest(fromApp, OpenDialogArgs, { directory: 'yes' })).toThrow(
      /^dialog: directory /,
    );
    expect(() =>
      validateDialogRequest({ senderFrame: { url: 'https://x.example' } }, OpenDialogArgs, {}),
    ).toThrow(/refused/);
    expect(validateDialogRequest(fromApp, SaveDialogArgs, { defaultName: 'a.png', format: 'png' })).toEqual({
      defaultName: 'a.png',
      format: 'png',
    });
    expect(() => validateDialogRequest(fromApp, SaveDialogArgs, { defaultName: 'a', format: 'exe' })).toThrow(
      /^dialog: format /,
    );
  });
});

describe('navigation, new windows and permissions', () => {
  it('blocks navigation, redirects and webviews and denies window.open', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | (() => { action: string }),
      setWindowOpenHandler(handler: () => { action: string }) {
        this.openHandler = handler;
      },
    });
    hardenWebContents(contents as never);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(name, { preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented, name).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission and adds the CSP to every response', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    hardenSession({
      setPermissionRequestHandler: (h: never) => void (handlers.request = h),
      setPermissionCheckHandler: (h: never) => void (handlers.check = h),
      webRequest: { onHeadersReceived: (h: never) => void (handlers.headers = h) },
    } as never);
    let granted: boolean | undefined;
    (handlers.request as (...a: unknown[]) => void)({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect((handlers.check as () => boolean)()).toBe(false);
    let headers: Record<string, string[]> | undefined;
    (handlers.headers as (...a: unknown[]) => void)(
      { responseHeaders: { 'X-A': ['1'] } },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    expect(headers?.['X-A']).toEqual(['1']);
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });
});

describe('app:// protocol', () => {
  it('serves the renderer with the CSP and nothing else', async () => {
    const dir = join(root, 'renderer');
    const page = await handleAppRequest(dir, { url: 'app://anp/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>ANP</title>');
    expect((await handleAppRequest(dir, { url: 'app://anp/../secret.txt', method: 'GET' })).status).toBe(404);
    expect((await handleAppRequest(dir, { url: 'app://anp/%2e%2e/secret.txt', method: 'GET' })).status).toBe(
      404,
    );
    expect((await handleAppRequest(dir, { url: 'app://other/index.html', method: 'GET' })).status).toBe(404);
    expect((await handleAppRequest(dir, { url: 'app://anp/index.html', method: 'POST' })).status).toBe(404);
  });
});

describe('menu and window bounds', () => {
  type Item = { label?: string; role?: string; accelerator?: string; enabled?: boolean; click?: () => void };
  const submenu = (template: ReturnType<typeof menuTemplate>, name: string) =>
    template.find((m) => m.label === name || m.role === name)!.submenu as (Item & { submenu?: Item[] })[];

  it('has File (Open…, Open Recent, Export…, Quit), Edit (undo, redo, paste), View and Help', () => {
    const clicked: string[] = [];
    const actions = {
      open: () => clicked.push('open'),
      openRecent: (path: string) => clicked.push(`recent ${path}`),
      clearRecent: () => clicked.push('clear'),
      export: () => clicked.push('export'),
      undo: () => clicked.push('undo'),
      redo: () => clicked.push('redo'),
      shortcuts: () => clicked.push('shortcuts'),
      about: () => clicked.push('about'),
      modelCards: () => clicked.push('cards'),
    };
    const template = menuTemplate(actions, 'linux', ['/photos/a.jpg', '/photos/b.png']);
    const file = submenu(template, 'File');
    expect(file.map((i) => i.label ?? i.role)).toEqual([
      'Open…',
      'Open Recent',
      'Export…',
      undefined,
      'quit',
    ]);
    expect(file.map((i) => i.accelerator)).toEqual([
      'CmdOrCtrl+O',
      undefined,
      'CmdOrCtrl+E',
      undefined,
      undefined,
    ]);
    const recent = file[1]!.submenu!;
    expect(recent.map((i) => i.label)).toEqual(['a.jpg', 'b.png', undefined, 'Clear Recent']);
    const edit = submenu(template, 'Edit');
    expect(edit.map((i) => i.label ?? i.role)).toEqual([
      'Undo',
      'Redo',
      undefined,
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
    expect(edit.map((i) => i.accelerator).slice(0, 2)).toEqual(['CmdOrCtrl+Z', 'CmdOrCtrl+Shift+Z']);
    const help = submenu(template, 'help');
    expect(help.map((i) => i.label)).toEqual(['Keyboard Shortcuts', 'About ANP Studio', 'Model Cards']);
    expect(help[0]!.accelerator).toBe('F1');
    for (const item of [file[0], recent[1], recent[3], edit[0], edit[1], help[0], help[2]]) item!.click!();
    expect(clicked).toEqual(['open', 'recent /photos/b.png', 'clear', 'undo', 'redo', 'shortcuts', 'cards']);
    const empty = submenu(menuTemplate(actions, 'linux'), 'File')[1]!.submenu!;
    expect(empty).toEqual([{ label: 'No recent photos', enabled: false }]);
    expect(menuTemplate(actions, 'darwin')[0]).toEqual({ role: 'appMenu' });
  });

  it('keeps the recent photos newest first, each once, at most ten, across launches', async () => {
    const file = join(root, 'recent.json');
    const recent = new RecentFiles(file);
    expect(await recent.load()).toEqual([]);
    await recent.add(['/a', '/b']);
    await recent.add(['/a']);
    expect(recent.paths).toEqual(['/a', '/b']);
    for (let i = 0; i < 12; i++) await recent.add([`/p${i}`]);
    expect(recent.paths).toHaveLength(MAX_RECENT);
    expect(await new RecentFiles(file).load()).toEqual(recent.paths);
    await writeFile(file, '{"not": "a list"}');
    expect(await new RecentFiles(file).load()).toEqual([]);
    await recent.clear();
    expect(await new RecentFiles(file).load()).toEqual([]);
  });

  it('remembers the window bounds and ignores a damaged file', async () => {
    const file = join(root, 'bounds.json');
    expect(await loadWindowBounds(file)).toBeUndefined();
    await saveWindowBounds(file, { x: 5, y: 6, width: 900, height: 600, maximized: true });
    expect(await loadWindowBounds(file)).toEqual({ x: 5, y: 6, width: 900, height: 600, maximized: true });
    await writeFile(file, '{"width": "wide", "height": 600}');
    expect(await loadWindowBounds(file)).toBeUndefined();
    await writeFile(file, '{"width": 900, "height": 600, "x": 1.5}');
    expect(await loadWindowBounds(file)).toEqual({ width: 900, height: 600, maximized: false });
  });
});
