/** The application menu; the actions live in main.ts, so this stays a plain, testable template. */
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  export(): void;
  undo(): void;
  redo(): void;
  shortcuts(): void;
  about(): void;
  modelCards(): void;
}

export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
  recent: readonly string[] = [],
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((path) => ({
          label: basename(path),
          sublabel: path,
          click: () => actions.openRecent(path),
        })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent photos', enabled: false }];
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open Recent', submenu: recentItems },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.export() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // The app's own history (mask edits and accepted results), not a text field's.
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.undo() },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: () => actions.redo() },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        // Paste reaches the page as a paste event: an image on the clipboard opens as a photo.
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        { label: 'Keyboard Shortcuts', accelerator: 'F1', click: () => actions.shortcuts() },
        { label: 'About ANP Studio', click: () => actions.about() },
        { label: 'Model Cards', click: () => actions.modelCards() },
      ],
    },
  ];
}
