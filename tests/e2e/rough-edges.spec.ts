import sharp from 'sharp';
import { completeBox, dropFile, expect, expectCanvasSize, fixturePath, test } from './helpers.js';

/** A fixture photo resized and dropped as a PNG. */
async function dropResized(app: Parameters<typeof dropFile>[0], name: string, width: number, height: number) {
  const bytes = await sharp(fixturePath('coffee.jpg'))
    .resize(width, height, { fit: 'fill' })
    .png()
    .toBuffer();
  await dropFile(app, name, bytes, 'image/png');
  await expectCanvasSize(app, width, height);
}

test('an exact size typed for one photo does not carry over to the next photo', async ({ app }) => {
  await dropResized(app, 'square.png', 512, 512);
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByRole('radio', { name: 'Exact size' }).click();
  await app.getByLabel('Width in pixels').fill('20000');
  await expect(app.getByLabel('Height in pixels')).toHaveValue('20000');
  await dropResized(app, 'wide.png', 320, 213);
  await expect(app.getByLabel('Width in pixels')).toHaveValue('640');
  await expect(app.getByLabel('Height in pixels')).toHaveValue('426');
  await expect(app.getByTestId('upscale-target')).toContainText('640 × 426');
});

test('during an upscale the status bar names the model it runs, whole, at 1280 × 720', async ({ app }) => {
  await app.setViewportSize({ width: 1280, height: 720 });
  await dropResized(app, 'cup.png', 480, 320);
  const model = app.getByTestId('selected-model');
  await expect(model).toHaveText('Photo completion and super-resolution');
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByLabel('Scale factor value').fill('4');
  await app.getByRole('button', { name: 'Upscale', exact: true }).click();
  await expect(app.getByTestId('job-progress')).toBeVisible();
  await expect(model).toHaveText('Photo super-resolution');
  // Nothing of the name is hidden: its box lies inside the visible part of the status bar.
  const whole = await model.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const engine = node.closest('[data-testid="engine-status"]')!.getBoundingClientRect();
    return box.right <= engine.right + 0.5 && node.scrollWidth <= node.clientWidth + 0.5;
  });
  expect(whole).toBe(true);
  await app.getByRole('button', { name: 'Cancel upscaling' }).click();
  await expect(app.getByTestId('job-progress')).toBeHidden({ timeout: 60_000 });
  await expect(model).toHaveText('Photo completion and super-resolution');
});

test('the compare slider’s knob sits at “After” while the result shows whole', async ({ app }) => {
  await dropResized(app, 'cup.png', 120, 80);
  await completeBox(app, [0.4, 0.4], [0.6, 0.6]);
  const slider = app.getByLabel('Compare with the original');
  await expect(slider).toHaveValue('0');
  const bar = app.getByTestId('compare-bar');
  const [after, before, knob] = [
    await bar.getByText('After', { exact: true }).boundingBox(),
    await bar.getByText('Before', { exact: true }).boundingBox(),
    await slider.boundingBox(),
  ];
  // At value 0 the knob is at the slider's left end: next to the label of what is shown.
  expect(after!.x + after!.width).toBeLessThanOrEqual(knob!.x + 1);
  expect(before!.x).toBeGreaterThanOrEqual(knob!.x + knob!.width - 1);
});

test('the number of samples is kept across a reload', async ({ app }) => {
  await app.getByLabel('Samples', { exact: true }).fill('5');
  await app.reload();
  await expect(app.getByTestId('engine-backend')).toBeVisible();
  await expect(app.getByLabel('Samples', { exact: true })).toHaveValue('5');
});
