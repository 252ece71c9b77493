/// <reference lib="dom" />
// Page functions passed to evaluate() run in the browser, so these files see DOM types as well.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import sharp from 'sharp';

export const APP_URL = '/#token=e2e-token';
export const FIXTURES = new URL('../fixtures/photos/', import.meta.url);

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Collects the page's CSP violations and uncaught errors from now on (a test expects none). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

/** The page with the app loaded; the test fails on any CSP violation or uncaught page error. */
export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use) => {
    const problems = watchProblems(page);
    // Chromium's save picker stays as it is: an export is a download unless the user asks where.
    await page.goto(APP_URL);
    await expect(page.getByTestId('engine-backend')).toBeVisible();
    await use(page);
    expect(problems, 'CSP violations and page errors').toEqual([]);
  },
});
export { expect };

export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

export interface FileSpec {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

/** Drops files on the window as a user would (dragenter, dragover, drop with a DataTransfer). */
export async function dropFiles(page: Page, files: FileSpec[]): Promise<void> {
  const dataTransfer = await transferOf(page, files);
  const target = page.locator('main');
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

export async function dropFile(page: Page, name: string, bytes: Uint8Array, mime: string): Promise<void> {
  await dropFiles(page, [{ name, bytes, mime }]);
}

/** A DataTransfer in the page holding the files (for drops and clipboard pastes). */
export function transferOf(page: Page, files: FileSpec[]) {
  return page.evaluateHandle(
    (files) => {
      const transfer = new DataTransfer();
      for (const { name, base64, mime } of files) {
        const binary = atob(base64);
        const data = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
        transfer.items.add(new File([data], name, { type: mime }));
      }
      return transfer;
    },
    files.map(({ name, bytes, mime }) => ({ name, base64: Buffer.from(bytes).toString('base64'), mime })),
  );
}

export async function dropFixture(page: Page, name: string): Promise<void> {
  await dropFile(page, basename(name), await readFile(fixturePath(name)), 'image/jpeg');
}

/** The pixels a canvas holds (its backing store, independent of zoom). */
export async function canvasPixels(page: Page, testId: string): Promise<Rgba> {
  const { width, height, base64 } = await page.getByTestId(testId).evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas has no 2d context');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) {
      binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    }
    return { width: canvas.width, height: canvas.height, base64: btoa(binary) };
  });
  return { width, height, data: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** The file decoded independently with sharp, upright, as RGBA at the given size. */
export async function decodeFile(path: string, width: number, height: number): Promise<Rgba> {
  const { data, info } = await sharp(path)
    .autoOrient()
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Image bytes decoded with sharp as RGBA at their own size. */
export async function decodeBytes(bytes: Buffer): Promise<Rgba> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Mean and largest absolute difference of the colour channels where `include(pixel index)` holds. */
export function colourDifference(
  a: Rgba,
  b: Rgba,
  include: (pixel: number) => boolean = () => true,
): { mean: number; max: number; pixels: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  let max = 0;
  let pixels = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    if (!include(p)) continue;
    pixels++;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs((a.data[p * 4 + c] ?? 0) - (b.data[p * 4 + c] ?? 0));
      sum += d;
      if (d > max) max = d;
    }
  }
  return { mean: pixels ? sum / (pixels * 3) : 0, max, pixels };
}

/** Waits until the main canvas holds a drawn image of the given backing size. */
export async function expectCanvasSize(page: Page, width: number, height: number): Promise<void> {
  await expect
    .poll(() =>
      page.getByTestId('image-canvas').evaluate((node) => {
        const canvas = node as HTMLCanvasElement;
        return [canvas.width, canvas.height];
      }),
    )
    .toEqual([width, height]);
}

/** Opens a fixture photo resized to width × height (as name-width.png) and asks the Upscale panel for `scale`. */
export async function openForUpscale(
  page: Page,
  fixture: string,
  size: { width: number; height: number },
  scale: number,
): Promise<Buffer> {
  const photo = await sharp(fixturePath(fixture)).resize(size.width, size.height).png().toBuffer();
  await dropFile(page, `${basename(fixture, '.jpg')}-${size.width}.png`, photo, 'image/png');
  await expectCanvasSize(page, size.width, size.height);
  await page.getByRole('tab', { name: 'Upscale' }).click();
  await page.getByLabel('Scale factor value').fill(String(scale));
  return photo;
}

/** Waits for a job's outcome in the UI; skips the test while the engine build lacks the job. */
export async function awaitJob(page: Page, done: ReturnType<Page['getByTestId']>): Promise<void> {
  const notice = page.getByTestId('notice');
  await expect(done.or(notice)).toBeVisible({ timeout: 150_000 });
  if (await notice.isVisible()) {
    const text = (await notice.textContent()) ?? '';
    test.skip(
      /not wired|not implemented|no model/i.test(text),
      `the engine cannot run this job yet: ${text}`,
    );
    throw new Error(`the job failed: ${text}`);
  }
}

export async function shownImageId(page: Page): Promise<string | null> {
  return page.getByTestId('image-canvas').getAttribute('data-image-id');
}

export async function waitForShownChange(page: Page, from: string | null): Promise<string> {
  await expect.poll(() => shownImageId(page), { timeout: 30_000 }).not.toBe(from);
  return (await shownImageId(page)) ?? '';
}

/** Pixels painted on the mask overlay, grown by `margin` pixels (edges are anti-aliased). */
export function maskedPixels(mask: Rgba, margin: number): Set<number> {
  const masked = new Set<number>();
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if ((mask.data[(y * mask.width + x) * 4 + 3] ?? 0) === 0) continue;
      for (let dy = -margin; dy <= margin; dy++) {
        for (let dx = -margin; dx <= margin; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < mask.width && ny < mask.height) masked.add(ny * mask.width + nx);
        }
      }
    }
  }
  return masked;
}

/** Drags over the canvas through points given as fractions of its width and height. */
export async function dragOnCanvas(
  page: Page,
  from: [number, number],
  ...path: [number, number][]
): Promise<void> {
  const box = await page.getByTestId('image-canvas').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  for (const [x, y] of path)
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 6 });
  await page.mouse.up();
}

export function painted(mask: Rgba, x: number, y: number): boolean {
  return (mask.data[(Math.round(y) * mask.width + Math.round(x)) * 4 + 3] ?? 0) > 0;
}

export function countPainted(mask: Rgba): number {
  let n = 0;
  for (let i = 3; i < mask.data.length; i += 4) if ((mask.data[i] ?? 0) > 0) n++;
  return n;
}

/** Calls the engine over the page's own API binding (the token the page holds); null on an API error. */
export function callEngine<T>(page: Page, method: string, args: unknown): Promise<T | null> {
  return page.evaluate(
    async ({ method, args }) => {
      const response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Anp-Token': sessionStorage.getItem('anp.token') ?? '',
        },
        body: JSON.stringify(args),
      });
      const body = (await response.json()) as { ok: boolean; result: T };
      return body.ok ? body.result : null;
    },
    { method, args },
  ) as Promise<T | null>;
}

/** Marks a box with the rectangle tool and completes it with one sample (short on 2 cores). */
export async function completeBox(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.keyboard.press('r');
  await dragOnCanvas(page, from, to);
  await completeOneSample(page);
}

export async function completeOneSample(page: Page): Promise<void> {
  await page.getByLabel('Samples', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Complete' }).click();
  await awaitJob(page, page.getByTestId('inpaint-results'));
}
