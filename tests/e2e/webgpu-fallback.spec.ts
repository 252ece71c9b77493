import { expect, test } from '@playwright/test';
import { APP_URL } from './helpers.js';
import { startWorker } from './compute-page.js';

test('without a WebGPU adapter the compute page falls back to wasm and says why', async ({ page }) => {
  // The project's Chromium runs with --disable-gpu: WebGPU exists but offers no adapter.
  await page.goto(APP_URL);
  await expect(startWorker(page, { backend: 'webgpu', acceptSoftware: true })).rejects.toThrow(
    'no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
  );
  const [, info] = await startWorker(page, { backend: 'wasm' });
  expect(info.backend).toBe('wasm');
});
