import type { FileChooser } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import {
  canvasPixels,
  colourDifference,
  decodeFile,
  dropFile,
  dropFiles,
  dropFixture,
  expect,
  expectCanvasSize,
  fixturePath,
  test,
} from './helpers.js';

test('a dropped photo is shown with its own pixels, size and format', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expect(app.getByTestId('image-size')).toHaveText('480 × 320');
  await expect(app.getByTestId('image-format')).toHaveText('JPEG');
  await expect(app.getByTestId('image-channels')).toContainText('3');
  await expect(app.getByTestId('image-bitdepth')).toHaveText('8-bit');
  await expectCanvasSize(app, 480, 320);

  const shown = await canvasPixels(app, 'image-canvas');
  const decoded = await decodeFile(fixturePath('coffee.jpg'), shown.width, shown.height);
  const diff = colourDifference(shown, decoded);
  expect(diff.pixels).toBe(480 * 320);
  expect(diff.mean).toBeLessThan(1);
  expect(diff.max).toBeLessThanOrEqual(8);
  // A different photo must not pass the same check: the comparison has teeth.
  const other = await decodeFile(fixturePath('chelsea.jpg'), shown.width, shown.height);
  expect(colourDifference(shown, other).mean).toBeGreaterThan(20);
});

test('damaged files show the engine’s error and the app keeps working', async ({ app }) => {
  const good = await readFile(fixturePath('coffee.jpg'));
  const banner = app.getByTestId('notice');

  await dropFile(app, 'truncated.jpg', good.subarray(0, Math.floor(good.length * 0.4)), 'image/jpeg');
  await expect(banner).toHaveAttribute('data-code', 'CORRUPT_IMAGE');
  await expect(banner).toContainText('truncated.jpg');
  await expect(banner).toContainText(/premature end|damaged|incomplete/i);
  await expect(app.getByTestId('drop-zone')).toBeVisible();

  await dropFile(app, 'notes.png', new TextEncoder().encode('these are notes, not a picture'), 'image/png');
  await expect(banner).toHaveAttribute('data-code', 'UNSUPPORTED_IMAGE');
  await expect(banner).toContainText('notes.png: not an image format the app can read');

  await dropFixture(app, 'chelsea.jpg');
  await expect(app.getByTestId('image-size')).toHaveText('451 × 300');
  await expectCanvasSize(app, 451, 300);
  await expect(banner).toBeHidden();
});

test('several bad files opened together get one error each; the good one opens', async ({ app }) => {
  const good = await readFile(fixturePath('coffee.jpg'));
  await dropFiles(app, [
    { name: 'truncated.jpg', bytes: good.subarray(0, Math.floor(good.length * 0.4)), mime: 'image/jpeg' },
    { name: 'notes.jpg', bytes: new TextEncoder().encode('notes, not a picture'), mime: 'image/jpeg' },
    { name: 'coffee.jpg', bytes: good, mime: 'image/jpeg' },
  ]);
  await expectCanvasSize(app, 480, 320);
  const banner = app.getByTestId('notice');
  await expect(banner).toHaveAttribute('role', 'alert');
  const lines = ((await banner.innerText()) ?? '').split('\n').filter((l) => l.trim());
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^truncated\.jpg: .*(premature end|damaged|incomplete)/i);
  expect(lines[1]).toBe('notes.jpg: not an image format the app can read');
  await expect(app.getByTestId('open-photo')).toHaveCount(1);
});

test('the status bar shows the engine backend, device and workers', async ({ app }) => {
  await expect(app.getByTestId('engine-backend')).toHaveText(/^(wasm|tensorflow|cpu|webgpu)$/);
  await expect(app.getByTestId('engine-version')).toHaveText(/^\d+\.\d+/);
  await expect(app.getByTestId('engine-workers')).toHaveText(/^\d+ workers?$/);
  const workers = Number((await app.getByTestId('engine-workers').textContent())?.split(' ')[0]);
  expect(workers).toBeGreaterThanOrEqual(1);
});

test('the sample photo shipped with the app opens from the start screen', async ({ app }) => {
  await app.getByRole('button', { name: 'or try a sample photo' }).click();
  await expect(app.getByTestId('image-name')).toHaveText('sample.jpg');
  await expect(app.getByTestId('image-size')).toHaveText('320 × 213');
  await expectCanvasSize(app, 320, 213);
});

test('Open… (and Ctrl+O) picks a file through the browser’s file chooser', async ({ app }) => {
  // Ctrl+O opens the same picker as the button: wait until that button can act, then press. On a
  // loaded machine a key can land before the page has focus, so the press is repeated until the
  // chooser shows (a key that never opens it still fails the test).
  await expect(app.getByRole('button', { name: 'Open…' }).first()).toBeEnabled();
  await expect(app.getByLabel('Choose image files').first()).toBeAttached();
  let chooser: FileChooser | undefined;
  await expect(async () => {
    const shown = app.waitForEvent('filechooser', { timeout: 10_000 });
    await app.keyboard.press('Control+o');
    chooser = await shown;
  }).toPass({ timeout: 90_000 });
  await chooser!.setFiles(fixturePath('chelsea.jpg'));
  await expect(app.getByTestId('image-size')).toHaveText('451 × 300');

  const again = app.waitForEvent('filechooser');
  await app.getByRole('button', { name: 'Open…' }).click();
  await (await again).setFiles(fixturePath('coffee.jpg'));
  await expect(app.getByTestId('image-size')).toHaveText('480 × 320');
});

test('the access token leaves the address bar and survives a reload', async ({ app }) => {
  await expect.poll(() => new URL(app.url()).hash).toBe('');
  await app.reload();
  await expect(app.getByTestId('engine-backend')).toBeVisible();
  await dropFixture(app, 'coffee.jpg');
  await expect(app.getByTestId('image-size')).toHaveText('480 × 320');
});
