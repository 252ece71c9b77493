import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { awaitJob, completeBox, dropFile, expect, expectCanvasSize, fixturePath, test } from './helpers.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

async function box(locator: Locator): Promise<Box> {
  await expect(locator).toBeVisible();
  const found = await locator.boundingBox();
  if (!found) throw new Error('no box');
  return found;
}

/** The part of the photo that is on screen: its canvas box clipped to the canvas area. */
async function shownPhoto(app: Page): Promise<Box> {
  const [photo, area] = [await box(app.getByTestId('image-canvas')), await box(app.locator('.viewport'))];
  const x = Math.max(photo.x, area.x);
  const y = Math.max(photo.y, area.y);
  return {
    x,
    y,
    width: Math.min(photo.x + photo.width, area.x + area.width) - x,
    height: Math.min(photo.y + photo.height, area.y + area.height) - y,
  };
}

/** Fails naming the first two boxes that intersect. */
async function expectApart(app: Page, named: Record<string, Locator | Box>): Promise<void> {
  const boxes = await Promise.all(
    Object.entries(named).map(async ([name, each]) => [name, 'x' in each ? each : await box(each)] as const),
  );
  const viewport = app.viewportSize()!;
  const clashes: string[] = [];
  for (const [i, [name, a]] of boxes.entries()) {
    if (a.x < 0 || a.y < 0 || a.x + a.width > viewport.width + 0.5 || a.y + a.height > viewport.height + 0.5)
      clashes.push(`${name} leaves the window`);
    for (const [other, b] of boxes.slice(i + 1)) if (intersects(a, b)) clashes.push(`${name} × ${other}`);
  }
  expect(clashes).toEqual([]);
}

const VIEWPORTS: readonly [number, number][] = [
  [1280, 720],
  [1920, 1080],
];

for (const [width, height] of VIEWPORTS) {
  for (const theme of ['light', 'dark']) {
    test(`the main controls do not overlap at ${width} × ${height}, ${theme} theme`, async ({ app }) => {
      await app.setViewportSize({ width, height });
      await app.getByLabel('Theme').selectOption(theme);
      const photo = await sharp(fixturePath('chelsea.jpg')).resize(240, 160).png().toBuffer();
      await dropFile(app, 'cat.png', photo, 'image/png');
      await expectCanvasSize(app, 240, 160);
      await completeBox(app, [0.4, 0.4], [0.6, 0.6]);

      // A completion on show with an export notice over it.
      const download = app.waitForEvent('download');
      await app.getByRole('tab', { name: 'Upscale' }).click();
      await app.getByRole('button', { name: 'Export result…' }).click();
      await download;
      await app.getByRole('tab', { name: 'Complete' }).click();
      const status = app.getByRole('contentinfo', { name: 'Status' });
      await expectApart(app, {
        notice: app.getByTestId('notice'),
        'compare bar': app.getByTestId('compare-bar'),
        photo: await shownPhoto(app),
        'status bar': status,
        toolbar: app.locator('header.toolbar'),
        strip: app.getByTestId('photo-strip'),
        Accept: app.getByRole('button', { name: 'Accept' }),
        Discard: app.getByRole('button', { name: 'Discard' }),
      });
      await expectApart(app, {
        slider: app.getByLabel('Compare with the original'),
        notice: app.getByTestId('notice'),
      });
      await app.getByRole('button', { name: 'Accept' }).click();

      // The 100 % region preview beside the photo, not over it.
      await app.getByRole('tab', { name: 'Upscale' }).click();
      await app.getByLabel('Scale factor value').fill('2');
      await app.getByRole('button', { name: 'Preview a region at 100 %' }).click();
      await awaitJob(app, app.getByTestId('upscale-preview'));
      await expectApart(app, {
        loupe: app.getByRole('figure', { name: 'Upscaled region at 100 %' }),
        photo: await shownPhoto(app),
        'status bar': status,
        'close the preview': app.getByRole('button', { name: 'Close the preview' }),
      });
    });
  }
}
