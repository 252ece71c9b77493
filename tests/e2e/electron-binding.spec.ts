import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { AnpBridge } from '../../renderer/src/lib/api/bridge.js';
import {
  APP_URL,
  awaitJob,
  canvasPixels,
  countPainted,
  dragOnCanvas,
  dropFile,
  expect,
  expectCanvasSize,
  fixturePath,
  openForUpscale,
  test,
} from './helpers.js';

/**
 * The renderer as Electron runs it: `window.anp` present. This stand-in for main/preload.ts carries
 * calls to the same engine over HTTP and fails the way the preload does ("[CODE] message"); the
 * native dialogs, dropped-file paths and menu are driven by the test.
 */
async function openWithBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = window as unknown as Record<string, unknown>;
    state.dialogPaths = [];
    state.savePath = null;
    state.filePaths = {};
    const bridge: AnpBridge = {
      call: async (method, args) => {
        const response = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Anp-Token': 'e2e-token' },
          body: JSON.stringify(args),
        });
        const body = (await response.json()) as {
          ok: boolean;
          result?: unknown;
          error?: { code: string; message: string };
        };
        if (body.ok) return body.result;
        throw new Error(`[${body.error?.code}] ${body.error?.message}`);
      },
      onEvent: (listener) => {
        const source = new EventSource('/api/events?token=e2e-token');
        source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data));
        return () => source.close();
      },
      onMenu: (listener) => {
        state.menu = listener;
        return () => undefined;
      },
      pathForFile: async (file) => (state.filePaths as Record<string, string>)[file.name] ?? '',
      openDialog: async () => state.dialogPaths as string[],
      saveDialog: async () => state.savePath as string | null,
      outputFolder: async () => (state.outputFolder as string | undefined) ?? null,
      chooseOutputFolder: async () => (state.outputFolder as string | undefined) ?? null,
      outputPath: async ({ name }) => (state.outputFolder ? `${state.outputFolder as string}/${name}` : null),
    };
    window.anp = bridge;
  });
  await page.goto(APP_URL);
  await expect(page.getByTestId('engine-backend')).toBeVisible();
  await expect(page.getByText('Desktop', { exact: true })).toBeVisible();
}

async function setWindow(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([k, v]) => ((window as unknown as Record<string, unknown>)[k as string] = v),
    [key, value],
  );
}

/**
 * The stand-in bridge reaches the engine through the browser-mode host, which now refuses every path
 * (the one path policy of issue 14); Electron's main grants the paths the user picked. Until this
 * spec gets a host started with Electron's policy, main's handlers are tested with the real engine in
 * unit tests (main/main-shell, app/host/browser-paths, app/engine/bad-inputs), and the path flows here are skipped.
 */
const PATHS_REFUSED_HERE =
  'the browser-mode host refuses paths; Electron path flows are covered by main handler unit tests';

test.beforeEach(async ({ page }) => {
  await openWithBridge(page);
});

test('a dropped file opens by its real path, not its bytes', async ({ page }) => {
  test.skip(true, PATHS_REFUSED_HERE);
  await setWindow(page, 'filePaths', { 'coffee.jpg': fixturePath('coffee.jpg') });
  // An empty File: only the path can make this open.
  await dropFile(page, 'coffee.jpg', new Uint8Array(0), 'image/jpeg');
  await expect(page.getByTestId('image-size')).toHaveText('480 × 320');
  await expectCanvasSize(page, 480, 320);
});

test('Open… uses the native dialog; engine errors keep their code', async ({ page }) => {
  test.skip(true, PATHS_REFUSED_HERE);
  await setWindow(page, 'dialogPaths', ['/nonexistent/holiday.jpg']);
  await page.getByRole('button', { name: 'Open…' }).first().click();
  await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'NOT_FOUND');
  await expect(page.getByTestId('notice')).toContainText('holiday.jpg');
  await expect(page.getByTestId('notice')).not.toContainText('[NOT_FOUND]');

  await setWindow(page, 'dialogPaths', [fixturePath('chelsea.jpg')]);
  await page.getByRole('button', { name: 'Open…' }).first().click();
  await expect(page.getByTestId('image-size')).toHaveText('451 × 300');
});

test('the application menu opens files and exports through the save dialog', async ({ page }) => {
  test.skip(true, PATHS_REFUSED_HERE);
  await page.evaluate((path) => {
    const menu = (window as unknown as { menu: (c: unknown) => void }).menu;
    menu({ command: 'open', paths: [path] });
  }, fixturePath('chelsea.jpg'));
  await expect(page.getByTestId('image-size')).toHaveText('451 × 300');

  const target = join(await mkdtemp(join(tmpdir(), 'anp-e2e-export-')), 'cat.webp');
  await setWindow(page, 'savePath', target);
  await page.getByRole('tab', { name: 'Upscale' }).click();
  await page.getByLabel('Export format').selectOption('webp');
  await page.evaluate(() =>
    (window as unknown as { menu: (c: unknown) => void }).menu({ command: 'export' }),
  );
  await expect(page.getByTestId('notice')).toContainText(`to ${target}`);
  expect((await stat(target)).size).toBeGreaterThan(1000);
  const meta = await sharp(await readFile(target)).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['webp', 451, 300]);
});

test('menu Open (several paths), Edit ▸ Undo / Redo and Help ▸ Keyboard Shortcuts', async ({ page }) => {
  test.skip(true, PATHS_REFUSED_HERE);
  const menu = (command: unknown) =>
    page.evaluate((c) => (window as unknown as { menu: (c: unknown) => void }).menu(c), command);
  await menu({ command: 'open', paths: [fixturePath('coffee.jpg'), fixturePath('chelsea.jpg')] });
  await expect(page.getByTestId('open-photo')).toHaveCount(2);
  await expectCanvasSize(page, 451, 300);

  await page.keyboard.press('r');
  await dragOnCanvas(page, [0.2, 0.2], [0.5, 0.5]);
  const painted = async () => countPainted(await canvasPixels(page, 'mask-canvas'));
  const area = await painted();
  expect(area).toBeGreaterThan(1000);
  await menu({ command: 'undo' });
  await expect.poll(painted).toBe(0);
  await menu({ command: 'redo' });
  await expect.poll(painted).toBe(area);

  await menu({ command: 'shortcuts' });
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});

test('the desktop binding: the estimate, a 100 % preview, and an upscale kept across photo switches', async ({
  page,
}) => {
  await openForUpscale(page, 'coffee.jpg', { width: 160, height: 120 }, 2);
  // The estimate's words no longer count tiles (issue 28, item 12); the count stays on the element.
  const estimate = page.getByTestId('upscale-estimate');
  await expect(estimate).toHaveText(/^About .+ on this computer/, { timeout: 90_000 });
  expect(Number(await estimate.getAttribute('data-tiles'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Preview a region at 100 %' }).click();
  const preview = async () => {
    const { width, height } = await canvasPixels(page, 'upscale-preview');
    return [width, height];
  };
  await expect.poll(preview, { timeout: 90_000 }).toEqual([256, 240]);

  await page.getByRole('button', { name: 'Upscale', exact: true }).click();
  await awaitJob(page, page.getByRole('button', { name: 'Keep' }));
  await expectCanvasSize(page, 320, 240);
  await dropFile(page, 'chelsea.jpg', await readFile(fixturePath('chelsea.jpg')), 'image/jpeg');
  await expectCanvasSize(page, 451, 300);
  await expect(page.getByRole('button', { name: 'Keep' })).toBeHidden();
  await page.getByTestId('open-photo').nth(0).click();
  await expectCanvasSize(page, 320, 240);
  await expect(page.getByRole('button', { name: 'Keep' })).toBeVisible();
});
