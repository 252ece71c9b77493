import { expect, test } from '@playwright/test';
import { APP_URL, watchProblems } from './helpers.js';
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

test('Electron’s compute page relays requests to its Worker and answers back, under the app’s CSP', async ({
  page,
}) => {
  // The preload's bridge, played by the test: requests in, answers out.
  await page.addInitScript(() => {
    const state = window as unknown as { replies: unknown[]; send?: (request: unknown) => void };
    state.replies = [];
    Object.assign(window, {
      anpCompute: {
        onRequest: (listener: (request: unknown) => void) => (state.send = listener),
        reply: (reply: unknown) => state.replies.push(reply),
      },
    });
  });
  const problems = watchProblems(page);
  await page.goto('/gpu/compute.html');
  const replies = await page.evaluate(async () => {
    const state = window as unknown as { replies: unknown[]; send: (request: unknown) => void };
    state.send({ id: 1, type: 'start', choice: { backend: 'webgpu', acceptSoftware: true } });
    state.send({ id: 2, type: 'start', choice: { backend: 'wasm' } });
    state.send({ id: 3, type: 'tensors' });
    while (state.replies.length < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    return state.replies;
  });
  expect(replies).toEqual([
    {
      id: 1,
      ok: false,
      error: { code: 'INTERNAL', message: 'no WebGPU adapter (the GPU is blocklisted, disabled or absent)' },
    },
    { id: 2, ok: true, value: { backend: 'wasm', device: expect.stringContaining('WebAssembly') } },
    { id: 3, ok: true, value: 0 },
  ]);
  expect(problems).toEqual([]);
});
