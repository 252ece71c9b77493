import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import {
  completeBox,
  dragOnCanvas,
  dropFiles,
  dropFixture,
  expect,
  expectCanvasSize,
  fixturePath,
  test,
} from './helpers.js';

const DOCS = new URL('../../docs/', import.meta.url);

/** Saves a screenshot for the README and checks it is a whole window's worth of pixels. */
async function shoot(app: Page, name: string): Promise<void> {
  await mkdir(DOCS, { recursive: true });
  const path = new URL(name, DOCS).pathname;
  await app.screenshot({ path });
  const meta = await sharp(await readFile(path)).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', 1440, 900]);
}

test('README screenshot: the app with a photo open and a region marked', async ({ app }) => {
  await dropFixture(app, 'chelsea.jpg');
  await expectCanvasSize(app, 451, 300);
  await app.getByRole('radio', { name: 'Rectangle' }).click();
  await dragOnCanvas(app, [0.62, 0.2], [0.8, 0.45]);
  await expect(app.getByRole('button', { name: 'Complete' })).toBeEnabled();
  const box = await app.getByTestId('image-canvas').boundingBox();
  if (box) await app.mouse.move(box.x + box.width + 40, box.y + 20);
  await shoot(app, 'screenshot.png');
});

test('user guide screenshots: compare and uncertainty, attention view, shortcuts, model cards', async ({
  app,
}) => {
  const jpeg = async (name: string) => ({
    name,
    bytes: await readFile(fixturePath(name)),
    mime: 'image/jpeg',
  });
  await dropFiles(app, [await jpeg('coffee.jpg'), await jpeg('chelsea.jpg')]);
  await expectCanvasSize(app, 451, 300);
  await completeBox(app, [0.62, 0.2], [0.8, 0.45]);
  await app.getByLabel('Compare with the original').fill('45');
  await app.getByLabel('Uncertainty overlay').check();
  await shoot(app, 'guide-compare.png');

  await app.getByLabel('Uncertainty overlay').uncheck();
  await app.getByLabel('Compare with the original').fill('0');
  await app.getByRole('button', { name: 'Attention view' }).click();
  const box = await app.getByTestId('image-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await app.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await expect(app.getByTestId('attention-summary')).toBeVisible();
  await app.getByRole('button', { name: 'Zoom in' }).click();
  await app.getByRole('button', { name: 'Zoom in' }).click();
  await shoot(app, 'guide-attention.png');

  await app.keyboard.press('F1');
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shoot(app, 'guide-shortcuts.png');
  await app.keyboard.press('Escape');

  await app.getByLabel('Theme').selectOption('light');
  await app.getByRole('tab', { name: 'Models' }).click();
  await app.getByTestId('model-photo').getByText('Model card').click();
  await shoot(app, 'guide-models-light.png');
});
