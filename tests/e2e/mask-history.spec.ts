import type { Page } from '@playwright/test';
import {
  canvasPixels,
  colourDifference,
  completeOneSample,
  countPainted,
  dragOnCanvas,
  dropFixture,
  expect,
  expectCanvasSize,
  painted,
  shownImageId,
  test,
  waitForShownChange,
} from './helpers.js';

const W = 480;
const H = 320;

/** Whether the mask overlay is painted at a point given as fractions of the image. */
async function maskAt(app: Page, fx: number, fy: number): Promise<boolean> {
  return painted(await canvasPixels(app, 'mask-canvas'), fx * W, fy * H);
}

async function maskArea(app: Page): Promise<number> {
  return countPainted(await canvasPixels(app, 'mask-canvas'));
}

test('one undo history for mask edits: rectangle, brush, eraser and lasso, by keys and toolbar', async ({
  app,
}) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, W, H);
  const undo = app.getByRole('button', { name: 'Undo' });
  const redo = app.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeDisabled();

  await app.keyboard.press('r');
  await dragOnCanvas(app, [0.1, 0.1], [0.4, 0.5]);
  await app.keyboard.press('b');
  await app.getByLabel('Brush size').fill('20');
  await dragOnCanvas(app, [0.6, 0.2], [0.9, 0.2]);
  expect([await maskAt(app, 0.25, 0.3), await maskAt(app, 0.75, 0.2)]).toEqual([true, true]);

  await app.keyboard.press('Control+z');
  await expect.poll(() => maskAt(app, 0.75, 0.2)).toBe(false);
  expect(await maskAt(app, 0.25, 0.3)).toBe(true);
  await app.keyboard.press('Control+Shift+z');
  await expect.poll(() => maskAt(app, 0.75, 0.2)).toBe(true);
  await undo.click();
  await expect.poll(() => maskAt(app, 0.75, 0.2)).toBe(false);
  await redo.click();
  await expect.poll(() => maskAt(app, 0.75, 0.2)).toBe(true);

  // The eraser takes paint off the rectangle along its stroke, nothing else.
  const beforeErase = await maskArea(app);
  await app.keyboard.press('e');
  await expect(app.getByRole('radio', { name: 'Eraser' })).toHaveAttribute('aria-checked', 'true');
  await dragOnCanvas(app, [0.05, 0.3], [0.45, 0.3]);
  await expect.poll(() => maskAt(app, 0.25, 0.3)).toBe(false);
  expect([await maskAt(app, 0.25, 0.15), await maskAt(app, 0.25, 0.45)]).toEqual([true, true]);
  const erased = beforeErase - (await maskArea(app));
  // 20 px wide across the 144 px wide rectangle.
  expect(erased).toBeGreaterThan(144 * 20 * 0.85);
  expect(erased).toBeLessThan(144 * 20 * 1.15);
  await app.keyboard.press('Control+z');
  await expect.poll(() => maskAt(app, 0.25, 0.3)).toBe(true);

  // The lasso fills the polygon its path encloses.
  await app.keyboard.press('l');
  await dragOnCanvas(app, [0.55, 0.6], [0.9, 0.6], [0.9, 0.95], [0.55, 0.95]);
  await expect.poll(() => maskAt(app, 0.72, 0.78)).toBe(true);
  expect(await maskAt(app, 0.5, 0.78)).toBe(false);
  await app.keyboard.press('Control+z');
  await expect.poll(() => maskAt(app, 0.72, 0.78)).toBe(false);

  // Undo all the way back to an empty mask, then redo returns every step.
  while (await undo.isEnabled()) await undo.click();
  expect(await maskArea(app)).toBe(0);
  await app.keyboard.press('Control+y');
  await app.keyboard.press('Control+y');
  await expect.poll(() => maskAt(app, 0.75, 0.2)).toBe(true);
});

test('[ and ] change the brush in steps of about a tenth', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, W, H);
  await app.getByLabel('Brush size').fill('20');
  await app.getByLabel('Brush size').blur();
  await app.keyboard.press(']');
  await expect(app.getByText('22 px')).toBeVisible();
  await app.keyboard.press('[');
  await app.keyboard.press('[');
  await expect(app.getByText('18 px')).toBeVisible();
});

test('accepting a completion is undoable with its mask, redo brings the result back', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, W, H);
  const originalId = await shownImageId(app);
  const original = await canvasPixels(app, 'image-canvas');

  await app.keyboard.press('r');
  await dragOnCanvas(app, [0.4, 0.4], [0.6, 0.6]);
  // An eraser stroke through the box's middle keeps those pixels out of the completion.
  await app.keyboard.press('e');
  await app.getByLabel('Brush size').fill('20');
  await dragOnCanvas(app, [0.35, 0.5], [0.65, 0.5]);
  const mask = await canvasPixels(app, 'mask-canvas');
  const area = countPainted(mask);

  await completeOneSample(app);
  const resultId = await waitForShownChange(app, originalId);
  await expectCanvasSize(app, W, H);
  const result = await canvasPixels(app, 'image-canvas');
  const row = (y: number, x0: number, x1: number) => (p: number) =>
    Math.floor(p / W) === Math.round(y * H) && p % W > x0 * W && p % W < x1 * W;
  // Under the eraser stroke nothing changed; in the rest of the box the completion did.
  expect(colourDifference(result, original, row(0.5, 0.45, 0.55)).max).toBeLessThanOrEqual(2);
  expect(colourDifference(result, original, row(0.45, 0.42, 0.58)).mean).toBeGreaterThan(1);

  await app.getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => maskArea(app)).toBe(0);
  expect(await shownImageId(app)).toBe(resultId);

  await app.keyboard.press('Control+z');
  await expect.poll(() => shownImageId(app)).toBe(originalId);
  await expect.poll(() => maskArea(app)).toBe(area);
  expect(colourDifference(await canvasPixels(app, 'image-canvas'), original).max).toBe(0);

  await app.keyboard.press('Control+Shift+z');
  await expect.poll(() => shownImageId(app)).toBe(resultId);
  expect(colourDifference(await canvasPixels(app, 'image-canvas'), result).max).toBe(0);
  await expect.poll(() => maskArea(app)).toBe(0);
});
