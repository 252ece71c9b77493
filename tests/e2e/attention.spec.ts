import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { MaskT, PixelAttention } from '../../app/api/contract.js';
import {
  callEngine,
  canvasPixels,
  completeBox,
  dropFile,
  expect,
  expectCanvasSize,
  fixturePath,
  shownImageId,
  test,
} from './helpers.js';

const W = 160;
const H = 120;

/** The same question the page asks, straight to the engine. */
async function askEngine(app: Page, args: { imageId: string; mask: MaskT; x: number; y: number }) {
  const result = await callEngine<PixelAttention>(app, 'pixelAttention', args);
  if (!result) throw new Error('the engine refused the question');
  return result;
}

test('attention view: a completed pixel shows each head’s weights over the context pixels', async ({
  app,
}) => {
  const small = await sharp(fixturePath('coffee.jpg')).resize(W, H, { fit: 'fill' }).png().toBuffer();
  await dropFile(app, 'small.png', small, 'image/png');
  await expectCanvasSize(app, W, H);
  // The box covers x 48–80, y 36–60 (fractions of 160 × 120).
  await completeBox(app, [0.3, 0.3], [0.5, 0.5]);

  await app.getByRole('button', { name: 'Attention view' }).click();
  await expect(app.getByRole('button', { name: 'Attention view' })).toHaveAttribute('aria-pressed', 'true');
  const box = await app.getByTestId('image-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // Image pixel (64, 48), inside the erased box.
  await app.mouse.click(box.x + (64.5 / W) * box.width, box.y + (48.5 / H) * box.height);
  await expect(app.getByTestId('attention-summary')).toContainText('Pixel (64, 48)');
  const heads = await app.getByRole('list', { name: 'Head colours' }).getByRole('listitem').count();
  expect(heads).toBeGreaterThan(1);

  const imageId = (await shownImageId(app)) ?? '';
  const mask: MaskT = { kind: 'shapes', shapes: [{ kind: 'rect', x: 48, y: 36, width: 32, height: 24 }] };
  const truth = await askEngine(app, { imageId, mask, x: 64, y: 48 });
  expect(truth.weights).toHaveLength(heads);

  // One head alone: every context point drawn as opaque as its weight relative to the head's peak.
  await app.getByLabel('Attention head').selectOption('Head 2');
  const weights = truth.weights[1] ?? [];
  const peak = Math.max(...weights);
  await expect
    .poll(async () => {
      const pixels = await canvasPixels(app, 'attention-canvas');
      const [px, py] = truth.points[weights.indexOf(peak)] ?? [0, 0];
      return pixels.data[(py * W + px) * 4 + 3];
    })
    .toBe(255);
  const pixels = await canvasPixels(app, 'attention-canvas');
  let checked = 0;
  truth.points.forEach(([x, y], p) => {
    // Leave out the pixels under the outlines of the window and of the inspected pixel.
    const near = (v: number, edge: number) => Math.abs(v + 0.5 - edge) <= 1.5;
    const { window } = truth;
    const onFrame =
      [window.x, window.x + window.width, truth.x - 1, truth.x + 2].some((e) => near(x, e)) ||
      [window.y, window.y + window.height, truth.y - 1, truth.y + 2].some((e) => near(y, e));
    if (onFrame) return;
    const alpha = pixels.data[(y * W + x) * 4 + 3] ?? 0;
    expect(Math.abs(alpha - (255 * (weights[p] ?? 0)) / peak)).toBeLessThanOrEqual(2);
    checked++;
  });
  expect(checked).toBeGreaterThan(truth.points.length / 4);
  // Away from the window nothing is drawn.
  expect(pixels.data[(2 * W + 2) * 4 + 3]).toBe(0);

  await app.getByRole('button', { name: 'Attention view' }).click();
  await expect(app.getByTestId('attention-canvas')).toHaveCount(0);
});
