import {
  canvasPixels,
  countPainted,
  dropFixture,
  expect,
  expectCanvasSize,
  painted,
  test,
} from './helpers.js';

test('the brush paints the mask under the pointer, also when zoomed in', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, 480, 320);
  await app.getByRole('button', { name: 'Zoom in' }).click();
  await app.getByRole('button', { name: 'Zoom in' }).click();
  await app.keyboard.press('b');
  await expect(app.getByRole('radio', { name: 'Brush' })).toHaveAttribute('aria-checked', 'true');
  await app.getByLabel('Brush size').fill('20');

  const box = await app.getByTestId('image-canvas').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const view = app.locator('[role="application"]');
  const viewBox = await view.boundingBox();
  if (!viewBox) throw new Error('the view is not visible');
  // Screen points inside the visible part of the zoomed canvas, and the image pixels under them.
  const from = { x: viewBox.x + viewBox.width * 0.4, y: viewBox.y + viewBox.height * 0.5 };
  const to = { x: viewBox.x + viewBox.width * 0.6, y: from.y };
  const toImage = (p: { x: number; y: number }) => ({
    x: ((p.x - box.x) / box.width) * 480,
    y: ((p.y - box.y) / box.height) * 320,
  });
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(to.x, to.y, { steps: 10 });
  await app.mouse.up();

  const mask = await canvasPixels(app, 'mask-canvas');
  const start = toImage(from);
  const end = toImage(to);
  const middle = { x: (start.x + end.x) / 2, y: start.y };
  expect(painted(mask, start.x, start.y)).toBe(true);
  expect(painted(mask, middle.x, middle.y)).toBe(true);
  expect(painted(mask, end.x, end.y)).toBe(true);
  // Radius 10 image pixels: 14 pixels off the stroke is clear, 7 is painted.
  expect(painted(mask, middle.x, middle.y - 14)).toBe(false);
  expect(painted(mask, middle.x, middle.y + 7)).toBe(true);
  const area = countPainted(mask);
  const expected = (end.x - start.x) * 20 + Math.PI * 100;
  expect(area).toBeGreaterThan(expected * 0.85);
  expect(area).toBeLessThan(expected * 1.15);

  await app.getByRole('button', { name: 'Clear mask' }).click();
  expect(countPainted(await canvasPixels(app, 'mask-canvas'))).toBe(0);
  await expect(app.getByRole('button', { name: 'Complete' })).toBeDisabled();
});

test('fit and 100 % zoom change the view, not the pixels', async ({ app }) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, 480, 320);
  const zoomLabel = app.getByRole('button', { name: /^\d+%$/ });
  await app.keyboard.press('1');
  await expect(zoomLabel).toHaveText('100%');
  const box = await app.getByTestId('image-canvas').boundingBox();
  expect(box?.width).toBeCloseTo(480, 0);
  await app.keyboard.press('0');
  await expect(zoomLabel).not.toHaveText('100%');
  await expectCanvasSize(app, 480, 320);
});

test('the tool panels switch with the arrow keys, like tabs should', async ({ app }) => {
  await app.getByRole('tab', { name: 'Complete' }).focus();
  await app.keyboard.press('ArrowRight');
  await expect(app.getByRole('tab', { name: 'Upscale' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('tab', { name: 'Upscale' })).toBeFocused();
  await expect(app.getByRole('tabpanel')).toContainText('Scale factor');
  await app.keyboard.press('ArrowLeft');
  await app.keyboard.press('ArrowLeft');
  await expect(app.getByRole('tab', { name: 'Models' })).toHaveAttribute('aria-selected', 'true');
});
