import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import {
  awaitJob,
  callEngine,
  canvasPixels,
  colourDifference,
  completeBox,
  countPainted,
  decodeBytes,
  decodeFile,
  dragOnCanvas,
  dropFiles,
  expect,
  expectCanvasSize,
  fixturePath,
  shownImageId,
  test,
  transferOf,
  type Rgba,
} from './helpers.js';

const jpeg = async (name: string) => ({
  name,
  bytes: await readFile(fixturePath(name)),
  mime: 'image/jpeg',
});

async function expectShows(app: Page, name: string, width: number, height: number): Promise<void> {
  await expectCanvasSize(app, width, height);
  const shown = await canvasPixels(app, 'image-canvas');
  expect(colourDifference(shown, await decodeFile(fixturePath(name), width, height)).mean).toBeLessThan(1);
}

/** Whether the engine still holds an image. */
async function engineHolds(app: Page, id: string): Promise<boolean> {
  return (await callEngine(app, 'imageInfo', { id })) !== null;
}

const maskArea = async (app: Page) => countPainted(await canvasPixels(app, 'mask-canvas'));

test('a drop of two photos opens both in the strip; each keeps its own mask and history', async ({ app }) => {
  await dropFiles(app, [await jpeg('coffee.jpg'), await jpeg('chelsea.jpg')]);
  const photos = app.getByTestId('open-photo');
  await expect(photos).toHaveCount(2);
  await expect(photos.nth(1)).toHaveAttribute('aria-current', 'true');
  await expectShows(app, 'chelsea.jpg', 451, 300);

  await photos.nth(0).click();
  await expectShows(app, 'coffee.jpg', 480, 320);
  await app.keyboard.press('r');
  await dragOnCanvas(app, [0.2, 0.2], [0.5, 0.5]);
  const coffeeMask = await maskArea(app);
  expect(coffeeMask).toBeGreaterThan(1000);

  await photos.nth(1).click();
  await expectShows(app, 'chelsea.jpg', 451, 300);
  expect(await maskArea(app)).toBe(0);
  await expect(app.getByRole('button', { name: 'Undo' })).toBeDisabled();

  await photos.nth(0).click();
  await expectShows(app, 'coffee.jpg', 480, 320);
  await expect.poll(() => maskArea(app)).toBe(coffeeMask);
  await app.keyboard.press('Control+z');
  await expect.poll(() => maskArea(app)).toBe(0);
});

test('Ctrl+V pastes an image from the clipboard; the file picker takes several at once', async ({ app }) => {
  const png = await sharp(fixturePath('chelsea.jpg')).resize(120, 80).png().toBuffer();
  const clipboardData = await transferOf(app, [{ name: 'image.png', bytes: png, mime: 'image/png' }]);
  await app.evaluate((data) => {
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, clipboardData);
  await expect(app.getByTestId('open-photo')).toHaveCount(1);
  await expectCanvasSize(app, 120, 80);

  await app
    .getByLabel('Choose image files')
    .setInputFiles([fixturePath('coffee.jpg'), fixturePath('chelsea.jpg')]);
  await expect(app.getByTestId('open-photo')).toHaveCount(3);
  await expectShows(app, 'chelsea.jpg', 451, 300);
  await app.getByTestId('open-photo').nth(1).click();
  await expectShows(app, 'coffee.jpg', 480, 320);
});

test('a reload brings the open photos back with their masks', async ({ app }) => {
  await dropFiles(app, [await jpeg('coffee.jpg'), await jpeg('chelsea.jpg')]);
  await expect(app.getByTestId('open-photo')).toHaveCount(2);
  await expectCanvasSize(app, 451, 300);
  await app.keyboard.press('r');
  await dragOnCanvas(app, [0.3, 0.3], [0.6, 0.6]);
  const mask = await maskArea(app);

  await app.reload();
  await expect(app.getByTestId('open-photo')).toHaveCount(2);
  await expect(app.getByTestId('open-photo').nth(1)).toHaveAttribute('aria-current', 'true');
  await expectShows(app, 'chelsea.jpg', 451, 300);
  await expect.poll(() => maskArea(app)).toBe(mask);
  await app.getByTestId('open-photo').nth(0).click();
  await expectShows(app, 'coffee.jpg', 480, 320);
});

test('closing a photo with an accepted result that was not exported asks first', async ({ app }) => {
  const small = await sharp(fixturePath('coffee.jpg')).resize(120, 80).png().toBuffer();
  await dropFiles(app, [await jpeg('chelsea.jpg'), { name: 'small.png', bytes: small, mime: 'image/png' }]);
  await expectCanvasSize(app, 120, 80);
  await completeBox(app, [0.4, 0.4], [0.6, 0.6]);
  await app.getByRole('button', { name: 'Accept' }).click();
  await expect(app.getByRole('button', { name: 'small.png (not exported)' })).toBeVisible();
  const resultId = await shownImageId(app);

  const questions: string[] = [];
  app.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await app.getByRole('button', { name: 'Close small.png' }).click();
  await expect
    .poll(() => questions)
    .toEqual(['small.png has changes that were not exported. Close it anyway?']);
  await expect(app.getByTestId('open-photo')).toHaveCount(2);

  app.once('dialog', (dialog) => void dialog.accept());
  await app.getByRole('button', { name: 'Close small.png' }).click();
  await expect(app.getByTestId('open-photo')).toHaveCount(1);
  await expectShows(app, 'chelsea.jpg', 451, 300);
  // The engine let go of the closed photo's images.
  await expect.poll(() => engineHolds(app, resultId ?? '')).toBe(false);

  // A photo without changes closes without a question; the last one leaves the empty screen.
  await app.getByRole('button', { name: 'Close chelsea.jpg' }).click();
  await expect(app.getByTestId('photo-strip')).toBeHidden();
  await expect(app.getByTestId('drop-zone')).toBeVisible();
});

test('results not accepted on a photo are still there after switching to another and back', async ({
  app,
}) => {
  const small = async (fixture: string, name: string) => ({
    name,
    bytes: await sharp(fixturePath(fixture)).resize(120, 80).png().toBuffer(),
    mime: 'image/png',
  });
  const fileA = await small('coffee.jpg', 'a.png');
  const fileB = await small('chelsea.jpg', 'b.png');
  const [a, b] = [await decodeBytes(fileA.bytes), await decodeBytes(fileB.bytes)];
  const shown = () => canvasPixels(app, 'image-canvas');
  /** How far the canvas is from an image: the mean and the largest difference. */
  const from = async (expected: Rgba) => colourDifference(await shown(), expected);
  await dropFiles(app, [fileA, fileB]);
  const photos = app.getByTestId('open-photo');
  await expect(photos).toHaveCount(2);

  await photos.nth(0).click();
  await expect.poll(async () => (await from(a)).mean).toBeLessThan(1);
  await completeBox(app, [0.4, 0.4], [0.6, 0.6]);
  await expect.poll(async () => (await from(a)).max).toBeGreaterThan(10);
  const completed = await shown();

  await photos.nth(1).click();
  await expect(app.getByTestId('inpaint-results')).toBeHidden();
  await expect.poll(async () => (await from(b)).mean).toBeLessThan(1);
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByLabel('Scale factor value').fill('2');
  await app.getByRole('button', { name: 'Upscale', exact: true }).click();
  await awaitJob(app, app.getByRole('button', { name: 'Keep' }));
  await expectCanvasSize(app, 240, 160);
  const upscaled = await shown();

  // Back on a: its sampled completion is on the canvas again and can still be accepted.
  await photos.nth(0).click();
  await expect(app.getByRole('button', { name: 'Keep' })).toBeHidden();
  await expect.poll(async () => (await from(completed)).max).toBe(0);
  await app.getByRole('tab', { name: 'Complete' }).click();
  await expect(app.getByTestId('result-sample')).toHaveCount(1);
  await app.getByRole('button', { name: 'Accept' }).click();
  await expect(app.getByRole('button', { name: 'a.png (not exported)' })).toBeVisible();

  // And b's upscale waits to be kept.
  await photos.nth(1).click();
  await expectCanvasSize(app, 240, 160);
  await expect.poll(async () => (await from(upscaled)).max).toBe(0);
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByRole('button', { name: 'Keep' }).click();
  await expect(app.getByTestId('image-size')).toHaveText('240 × 160');
});
