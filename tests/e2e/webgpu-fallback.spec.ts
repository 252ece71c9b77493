import { expect, test } from '@playwright/test';
import { APP_URL } from './helpers.js';
import { ComputeWorker } from './compute-page.js';

test('without a WebGPU adapter the compute page falls back to wasm and says why', async ({ page }) => {
  // The project's Chromium runs with --disable-gpu: WebGPU exists but offers no adapter.
  await page.goto(APP_URL);
  const [, info] = await ComputeWorker.start(page, 'auto');
  expect(info.backend).toBe('wasm');
  expect(info.fallbackReasons).toEqual([
    'tfjs-backend-webgpu: no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
  ]);
  await expect(ComputeWorker.start(page, 'webgpu')).rejects.toThrow(
    'WebGPU cannot be used: no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
  );
});
