import { mkdir } from 'node:fs/promises';
import { dropFixture, expect, expectCanvasSize, test } from './helpers.js';

const SCREENSHOT = new URL('../../docs/screenshot.png', import.meta.url);

test('README screenshot: the app with a photo open and a region marked', async ({ app }) => {
  await dropFixture(app, 'chelsea.jpg');
  await expectCanvasSize(app, 451, 300);
  await app.getByRole('radio', { name: 'Rectangle' }).click();
  const box = await app.getByTestId('image-canvas').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  await app.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.2);
  await app.mouse.down();
  await app.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.45, { steps: 5 });
  await app.mouse.up();
  await expect(app.getByRole('button', { name: 'Complete' })).toBeEnabled();
  await app.mouse.move(box.x + box.width + 40, box.y + 20);
  await mkdir(new URL('.', SCREENSHOT), { recursive: true });
  await app.screenshot({ path: SCREENSHOT.pathname });
});
