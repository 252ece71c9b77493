/** The main window's options: every Electron security switch set explicitly, not left to defaults. */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state.js';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export const DEFAULT_BOUNDS = { width: 1280, height: 820 } as const;

export function createWindowOptions(preload: string, bounds?: WindowBounds): BrowserWindowConstructorOptions {
  return {
    title: 'ANP Studio',
    width: bounds?.width ?? DEFAULT_BOUNDS.width,
    height: bounds?.height ?? DEFAULT_BOUNDS.height,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: '#1e1f22',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preload),
  };
}

/**
 * The hidden compute window (WebGPU inference): the same security switches, never shown, and not
 * throttled in the background, where it always is.
 */
export function computeWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    webPreferences: { ...secureWebPreferences(preload), backgroundThrottling: false },
  };
}
