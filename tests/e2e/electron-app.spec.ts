import { createRequire } from 'node:module';
import { _electron as electron } from '@playwright/test';
import { expect, fixturePath, test } from './helpers.js';

/** Electron's binary, or why there is none (its download is blocked on some machines). */
function electronBinary(): { path?: string; reason?: string } {
  try {
    return { path: createRequire(import.meta.url)('electron') as string };
  } catch (err) {
    return { reason: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
}

const binary = electronBinary();

test('Electron smoke: the desktop window starts on the engine, opens a photo through the menu channel, has its menus', async () => {
  test.skip(!binary.path, `Electron's binary is not installed here (${binary.reason ?? 'unknown'})`);
  const app = await electron.launch({ executablePath: binary.path, args: ['.'] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('engine-backend')).toBeVisible({ timeout: 60_000 });
    await expect(window.getByText('Desktop', { exact: true })).toBeVisible();
    // File ▸ Open Recent / Open send their paths through the menu channel, as a click would.
    await app.evaluate(({ BrowserWindow }, path) => {
      BrowserWindow.getAllWindows()[0]?.webContents.send('anp:menu', { command: 'open', paths: [path] });
    }, fixturePath('coffee.jpg'));
    await expect(window.getByTestId('status-image-size')).toHaveText('480 × 320 px');
    const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.label));
    expect(menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View']));
  } finally {
    await app.close();
  }
});
