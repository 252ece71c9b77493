import type { Page } from '@playwright/test';
import sharp from 'sharp';
import {
  canvasPixels,
  colourDifference,
  completeOneSample,
  dragOnCanvas,
  dropFile,
  expect,
  expectCanvasSize,
  fixturePath,
  painted,
  test,
  type Rgba,
} from './helpers.js';

const W = 160;
const H = 120;

/** What the screen shows over the main canvas (the composited layers), at the image's size. */
async function onScreen(app: Page): Promise<Rgba> {
  const png = await app.getByTestId('image-canvas').screenshot();
  const { data } = await sharp(png).resize(W, H, { fit: 'fill' }).ensureAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  return { width: W, height: H, data: new Uint8Array(data) };
}

const columns = (x0: number, x1: number) => (p: number) => p % W >= x0 * W && p % W < x1 * W;

/** Opens a small photo, erases a box and completes it with one sample (kept short on 2 cores). */
async function completeSmallPhoto(app: Page): Promise<{ original: Rgba; mask: Rgba }> {
  const small = await sharp(fixturePath('coffee.jpg')).resize(W, H, { fit: 'fill' }).png().toBuffer();
  await dropFile(app, 'small.png', small, 'image/png');
  await expectCanvasSize(app, W, H);
  const original = await canvasPixels(app, 'image-canvas');
  await app.keyboard.press('r');
  await dragOnCanvas(app, [0.3, 0.3], [0.7, 0.7]);
  const mask = await canvasPixels(app, 'mask-canvas');
  await completeOneSample(app);
  return { original, mask };
}

test('before/after: the split slider uncovers the original from the left, holding shows it whole', async ({
  app,
}) => {
  const { original } = await completeSmallPhoto(app);
  // The σ map differs from the photo everywhere, so each side's source is plain to see.
  await app.getByTestId('result-uncertainty').click();
  await expect(app.getByRole('status').filter({ hasText: 'Uncertainty' })).toBeVisible();
  await expectCanvasSize(app, W, H);
  const sigma = await canvasPixels(app, 'image-canvas');
  await app.keyboard.press('1');

  const left = columns(0, 0.4);
  const right = columns(0.6, 1);
  let screen = await onScreen(app);
  expect(colourDifference(screen, sigma).mean).toBeLessThan(8);

  await app.getByLabel('Compare with the original').fill('50');
  await expect.poll(async () => colourDifference(await onScreen(app), original, left).mean).toBeLessThan(8);
  screen = await onScreen(app);
  expect(colourDifference(screen, sigma, right).mean).toBeLessThan(8);
  expect(colourDifference(screen, original, right).mean).toBeGreaterThan(20);

  await app.getByLabel('Compare with the original').fill('0');
  await expect.poll(async () => colourDifference(await onScreen(app), sigma).mean).toBeLessThan(8);
  const hold = app.getByRole('button', { name: 'Hold to see original' });
  const box = await hold.boundingBox();
  if (!box) throw new Error('no hold button');
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await app.mouse.down();
  await expect.poll(async () => colourDifference(await onScreen(app), original).mean).toBeLessThan(8);
  await app.mouse.up();
  await expect.poll(async () => colourDifference(await onScreen(app), sigma).mean).toBeLessThan(8);

  // The same controls compare a sample with the original.
  await app.getByTestId('result-sample').first().click();
  await app.getByLabel('Compare with the original').fill('100');
  const before = await canvasPixels(app, 'before-canvas');
  expect(colourDifference(before, original).max).toBe(0);
});

test('the uncertainty overlay lies over the photo inside the mask only, with its legend and opacity', async ({
  app,
}) => {
  const { mask } = await completeSmallPhoto(app);
  await app.getByTestId('result-uncertainty').click();
  await expectCanvasSize(app, W, H);
  const sigma = await canvasPixels(app, 'image-canvas');
  await app.getByTestId('result-sample').first().click();

  await expect(app.getByTestId('uncertainty-overlay')).toHaveCount(0);
  await app.getByLabel('Uncertainty overlay').check();
  await expect(app.getByTestId('uncertainty-max')).toHaveText(/^\d/);
  const overlay = app.getByTestId('uncertainty-overlay');
  await expect(overlay).toBeVisible();
  await expect
    .poll(async () => {
      const pixels = await canvasPixels(app, 'uncertainty-overlay');
      return painted(pixels, W / 2, H / 2) && !painted(pixels, 5, 5);
    })
    .toBe(true);
  const pixels = await canvasPixels(app, 'uncertainty-overlay');
  const inMask = (p: number) => painted(mask, p % W, Math.floor(p / W));
  expect(
    colourDifference(pixels, sigma, (p) => inMask(p) && painted(pixels, p % W, Math.floor(p / W))).max,
  ).toBe(0);
  for (let p = 0; p < W * H; p++) {
    if (painted(pixels, p % W, Math.floor(p / W))) expect(inMask(p)).toBe(true);
  }

  await app.getByLabel('Overlay opacity').fill('0.3');
  await expect(overlay).toHaveCSS('opacity', '0.3');
  await app.getByLabel('Uncertainty overlay').uncheck();
  await expect(overlay).toHaveCount(0);
});
