import { expect, test } from '@playwright/test';
import { APP_URL } from './helpers.js';
import { startWorker } from './compute-page.js';

test('without a WebGPU adapter the compute Worker refuses WebGPU, saying why, and starts wasm', async ({
  page,
}) => {
  // The project's Chromium runs with --disable-gpu: WebGPU exists but offers no adapter.
  await page.goto(APP_URL);
  await expect(startWorker(page, { backend: 'webgpu', acceptSoftware: true })).rejects.toThrow(
    'no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
  );
  const [, info] = await startWorker(page, { backend: 'wasm' });
  expect(info.backend).toBe('wasm');
});

test('without a WebGPU adapter the app computes on wasm and the status bar says why not WebGPU', async ({
  page,
}) => {
  await page.goto(APP_URL);
  await expect(page.getByTestId('engine-backend')).toHaveText('wasm');
  const why = await page.getByTestId('engine-backend-why').getAttribute('title');
  expect(why).toContain('Not used, in the order tried:');
  expect(why).toContain(
    'tfjs-backend-webgpu: no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
  );
  // The order the design fixes: CUDA, then WebGPU, then native CPU.
  const order = ['tfjs-node-gpu:', 'tfjs-backend-webgpu:', 'tfjs-node:'].map((name) => why!.indexOf(name));
  expect(order.every((at) => at >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});
