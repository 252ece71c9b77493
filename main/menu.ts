/** The application menu; the actions live in main.ts, so this stays a plain, testable template. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open(): void;
  export(): void;
  about(): void;
  modelCards(): void;
}

export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.export() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
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
        { label: 'About ANP Studio', click: () => actions.about() },
        { label: 'Model Cards', click: () => actions.modelCards() },
      ],
    },
  ];
}
