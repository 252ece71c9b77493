import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import sharp from 'sharp';
import { dropFiles, expect, expectCanvasSize, fixturePath, test, type FileSpec } from './helpers.js';

const smallPng = async (fixture: string, name: string, width: number, height: number) => ({
  name,
  bytes: await sharp(fixturePath(fixture)).resize(width, height).png().toBuffer(),
  mime: 'image/png',
});

/** Opens the photos, sets the scale and starts "Upscale all open photos"; returns the downloads so far. */
async function startBatch(app: Page, photos: FileSpec[], scale: number): Promise<Download[]> {
  await dropFiles(app, photos);
  await expect(app.getByTestId('open-photo')).toHaveCount(photos.length);
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByLabel('Scale factor value').fill(String(scale));
  const downloads: Download[] = [];
  app.on('download', (download) => downloads.push(download));
  await app.getByRole('button', { name: /Upscale all open photos/ }).click();
  return downloads;
}

test('Upscale all open photos: one progress, one download per photo, named like the command line', async ({
  app,
}) => {
  const downloads = await startBatch(
    app,
    [await smallPng('coffee.jpg', 'cup.png', 48, 32), await smallPng('chelsea.jpg', 'cat.png', 45, 30)],
    2,
  );
  await expect(app.getByTestId('notice')).toHaveText('Upscaled and saved 2 of 2 photos.', {
    timeout: 120_000,
  });
  await expect(app.getByTestId('batch-progress')).toBeHidden();
  expect(downloads.map((d) => d.suggestedFilename())).toEqual(['cup-x2.png', 'cat-x2.png']);
  const sizes = await Promise.all(
    downloads.map(async (d) => {
      const meta = await sharp(await readFile(await d.path())).metadata();
      return [meta.width, meta.height];
    }),
  );
  expect(sizes).toEqual([
    [96, 64],
    [90, 60],
  ]);
  // The photos themselves are as they were: a batch saves its results and keeps none.
  await expectCanvasSize(app, 45, 30);
  await expect(app.getByRole('button', { name: 'Keep' })).toBeHidden();
});

test('a batch can be cancelled: the photo in progress stops and no other starts', async ({ app }) => {
  const downloads = await startBatch(
    app,
    [await smallPng('coffee.jpg', 'big1.png', 480, 320), await smallPng('chelsea.jpg', 'big2.png', 451, 300)],
    4,
  );
  await expect(app.getByTestId('batch-progress')).toBeVisible();
  await expect(app.getByTestId('batch-progress')).toContainText('1 / 2 · big1.png');
  await app.getByRole('button', { name: 'Cancel the batch' }).click();
  await expect(app.getByTestId('notice')).toHaveText(
    'The batch was cancelled: 0 of 2 photos upscaled and saved.',
    {
      timeout: 60_000,
    },
  );
  await expect(app.getByTestId('batch-progress')).toBeHidden();
  await expect(app.getByTestId('job-progress')).toBeHidden();
  expect(downloads).toEqual([]);
  await expect(app.getByRole('button', { name: /Upscale all open photos/ })).toBeEnabled();
});
