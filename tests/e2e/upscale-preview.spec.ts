import type { Page } from '@playwright/test';
import { previewRegion, type Box } from '../../renderer/src/features/upscale/preview-region.js';
import {
  awaitJob,
  canvasPixels,
  colourDifference,
  dragOnCanvas,
  expect,
  expectCanvasSize,
  openForUpscale,
  test,
  type Rgba,
} from './helpers.js';

const SOURCE = { width: 240, height: 180 };
const TARGET = { width: 720, height: 540 };
/** Previews and upscales share the machine with other work here: they may take a while. */
const SLOW = { timeout: 90_000 };

function crop(image: Rgba, box: Box): Rgba {
  const data = new Uint8Array(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 4;
    data.set(image.data.subarray(from, from + box.width * 4), y * box.width * 4);
  }
  return { width: box.width, height: box.height, data };
}

const estimate = (app: Page) => app.getByTestId('upscale-estimate');

test('the Upscale panel estimates the time for each size from the engine’s measured rate', async ({
  app,
}) => {
  await openForUpscale(app, 'coffee.jpg', SOURCE, 2);
  await expect(estimate(app)).toHaveText(/^About .+ on this computer$/, SLOW);
  const tilesAt = async () => Number(await estimate(app).getAttribute('data-tiles'));
  const atTwo = await tilesAt();
  const secondsAtTwo = Number(await estimate(app).getAttribute('data-seconds'));
  expect(secondsAtTwo).toBeGreaterThan(0);

  await app.getByLabel('Scale factor value').fill('8');
  await expect(app.getByTestId('upscale-target')).toContainText('1920 × 1440');
  // ×8 has 16 times the output pixels: as many frames or more (how many depends on the model's
  // frame size), each with more targets, so a longer time.
  const seconds = async () => Number(await estimate(app).getAttribute('data-seconds'));
  await expect.poll(seconds, SLOW).toBeGreaterThan(secondsAtTwo);
  expect(await tilesAt()).toBeGreaterThanOrEqual(atTwo);
});

test('a region previewed at 100 % has exactly the pixels the whole upscale then writes there', async ({
  app,
}) => {
  await openForUpscale(app, 'coffee.jpg', SOURCE, 3);
  await expect(app.getByTestId('upscale-target')).toContainText(`${TARGET.width} × ${TARGET.height}`);
  await expect(estimate(app)).toBeVisible(SLOW);
  const previewed = () => canvasPixels(app, 'upscale-preview');

  // The first region is at the middle of the view, where the fitted photo's centre is.
  let started = Date.now();
  await app.getByRole('button', { name: 'Preview a region at 100 %' }).click();
  await expect.poll(async () => (await previewed()).width, SLOW).toBe(256);
  const previewSeconds = (Date.now() - started) / 1000;
  const middle = await previewed();
  const middleBox = previewRegion(SOURCE, TARGET, [SOURCE.width / 2, SOURCE.height / 2]);
  // Shown at 100 %: one preview pixel per CSS pixel.
  expect(await app.getByTestId('upscale-preview').boundingBox()).toMatchObject({ width: 256, height: 256 });

  // A drag on the photo moves the region; the preview follows where the pointer let go.
  await dragOnCanvas(app, [0.5, 0.5], [0.3, 0.35], [0.2, 0.25]);
  const cornerBox = previewRegion(SOURCE, TARGET, [0.2 * SOURCE.width, 0.25 * SOURCE.height]);
  await expect.poll(async () => colourDifference(await previewed(), middle).mean, SLOW).toBeGreaterThan(5);
  const corner = await previewed();

  // Another size discards the preview; back at ×3 there is none until asked for.
  await app.getByLabel('Scale factor value').fill('3.5');
  await expect(app.getByTestId('upscale-preview')).toBeHidden();
  await app.getByLabel('Scale factor value').fill('3');
  await expect(app.getByRole('button', { name: 'Preview a region at 100 %' })).toBeVisible();
  await expect(app.getByTestId('upscale-preview')).toBeHidden();

  started = Date.now();
  await app.getByRole('button', { name: 'Upscale', exact: true }).click();
  await awaitJob(app, app.getByRole('button', { name: 'Keep' }));
  const upscaleSeconds = (Date.now() - started) / 1000;
  await expectCanvasSize(app, TARGET.width, TARGET.height);
  const whole = await canvasPixels(app, 'image-canvas');
  expect(colourDifference(middle, crop(whole, middleBox)).max).toBe(0);
  expect(colourDifference(corner, crop(whole, cornerBox)).max).toBe(0);
  // A tenth of the output's pixels: the preview comes back well before the whole upscale would.
  expect(previewSeconds).toBeLessThan(upscaleSeconds / 2);
});
