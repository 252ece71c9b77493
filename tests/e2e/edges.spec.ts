import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { SHORTCUTS, describeChord } from '../../renderer/src/lib/shortcuts.js';
import { dropFixture, expect, expectCanvasSize, test } from './helpers.js';

/** The colour the screen shows at a point of an element (its top-left corner, inset a little). */
async function screenColour(app: Page, selector: string): Promise<[number, number, number]> {
  const box = await app.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const png = await app.screenshot({
    clip: { x: box.x + 4, y: box.y + box.height - 6, width: 1, height: 1 },
  });
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
}

test('? and F1 open a help panel that lists every shortcut; Escape closes it', async ({ app }) => {
  await app.keyboard.press('Shift+?');
  const help = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const shortcut of SHORTCUTS) {
    const row = help
      .getByRole('row')
      .filter({ hasText: shortcut.help })
      .filter({ hasText: describeChord(shortcut) });
    await expect(row.first()).toBeVisible();
  }
  await app.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await app.keyboard.press('F1');
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close help' }).click();
  await expect(help).toBeHidden();
});

test('the theme follows the OS (light here) until the user picks one, and stays picked', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'light' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await screenColour(app, '.sidebar');
  expect(Math.min(...light)).toBeGreaterThan(230);

  await app.getByLabel('Theme').selectOption('dark');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await screenColour(app, '.sidebar');
  expect(Math.max(...dark)).toBeLessThan(50);
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');

  await app.getByLabel('Theme').selectOption('system');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the status bar shows the image size and the engine’s memory', async ({ app }) => {
  await expect(app.getByTestId('engine-memory')).toHaveText(/^Engine \d+(\.\d)? (MB|GB)$/);
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, 480, 320);
  await expect(app.getByTestId('status-image-size')).toHaveText('480 × 320 px');
});

test('segmented controls take arrow keys, and keyboard focus is visible', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, 480, 320);
  const brush = app.getByRole('radio', { name: 'Brush' });
  await brush.focus();
  await app.keyboard.press('ArrowRight');
  const eraser = app.getByRole('radio', { name: 'Eraser' });
  await expect(eraser).toHaveAttribute('aria-checked', 'true');
  await expect(eraser).toBeFocused();
  await app.keyboard.press('End');
  await expect(app.getByRole('radio', { name: 'Pan' })).toBeFocused();
  await app.keyboard.press('ArrowRight');
  await expect(brush).toHaveAttribute('aria-checked', 'true');
  // One Tab stop for the whole group: Tab leaves it.
  await app.keyboard.press('Tab');
  await expect(app.getByRole('radio')).not.toHaveCount(0);
  const focused = app.locator(':focus');
  await expect(focused).not.toHaveAttribute('role', 'radio');
  await expect(focused).toHaveCSS('outline-style', 'solid');
});
