import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import {
  awaitJob,
  dropFile,
  expect,
  expectCanvasSize,
  fixturePath,
  openForUpscale,
  test,
} from './helpers.js';

test('export in browser mode is a download even where the save picker exists; Save as… uses it', async ({
  app,
}) => {
  // Headless Chromium's picker never answers: a click that waits for it waits for ever.
  await app.evaluate(() => {
    const w = window as unknown as { showSaveFilePicker: unknown; picked: { name: string; bytes: number }[] };
    w.picked = [];
    w.showSaveFilePicker = (options: { suggestedName: string }) =>
      Promise.resolve({
        name: `picked-${options.suggestedName}`,
        createWritable: async () => ({
          write: async (blob: Blob) => void w.picked.push({ name: options.suggestedName, bytes: blob.size }),
          close: async () => undefined,
        }),
      });
  });
  const photo = await sharp(fixturePath('coffee.jpg')).resize(90, 60).png().toBuffer();
  await dropFile(app, 'cup.png', photo, 'image/png');
  await expectCanvasSize(app, 90, 60);
  await app.getByRole('tab', { name: 'Upscale' }).click();
  await app.getByLabel('Export format').selectOption('webp');

  const download = app.waitForEvent('download', { timeout: 10_000 });
  await app.getByRole('button', { name: 'Export image…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('cup-90x60.webp');
  const meta = await sharp(await readFile(await file.path())).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['webp', 90, 60]);
  await expect(app.getByTestId('notice')).toContainText('to cup-90x60.webp');

  await app.getByRole('button', { name: 'Save as…' }).click();
  await expect(app.getByTestId('notice')).toContainText('to picked-cup-90x60.webp');
  const picked = await app.evaluate(
    () => (window as unknown as { picked: { name: string; bytes: number }[] }).picked,
  );
  expect(picked.map((p) => p.name)).toEqual(['cup-90x60.webp']);
  expect(picked[0]?.bytes).toBeGreaterThan(100);
});

test('an exported result stays exported: kept after export, across a reload, and closing asks nothing', async ({
  app,
}) => {
  await openForUpscale(app, 'chelsea.jpg', { width: 60, height: 40 }, 2);
  await app.getByRole('button', { name: 'Upscale', exact: true }).click();
  await awaitJob(app, app.getByRole('button', { name: 'Keep' }));
  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export result…' }).click();
  await download;
  await app.getByRole('button', { name: 'Keep' }).click();
  await expect(app.getByTestId('image-size')).toHaveText('120 × 80');
  await expect(app.getByRole('button', { name: 'chelsea-60.png', exact: true })).toBeVisible();

  await app.reload();
  await expect(app.getByTestId('open-photo')).toHaveCount(1);
  await expectCanvasSize(app, 120, 80);
  await expect(app.getByRole('button', { name: 'chelsea-60.png', exact: true })).toBeVisible();
  const questions: string[] = [];
  app.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await app.getByRole('button', { name: 'Close chelsea-60.png' }).click();
  await expect(app.getByTestId('open-photo')).toHaveCount(0);
  expect(questions).toEqual([]);
});
