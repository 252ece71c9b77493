import { expect, test } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../../app/host/browser-mode.js';
import { fixturePath } from './helpers.js';
import { SWIFTSHADER_WEBGPU_ARGS, largestDifference, startWorker, timedEvaluate } from './compute-page.js';
import type { PageChannel } from '../../app/compute/webgpu/page-channel.js';
import { completionJob, forwardJob, readShippedModel, upscaleJob, type ModelBytes } from './tile-jobs.js';

const load = (channel: PageChannel, modelKey: string, model: ModelBytes) =>
  channel.request({ type: 'load', modelKey, ...model });

/** [0, 1] colour units: the largest difference allowed between WebGPU's and wasm's numbers. */
const TOLERANCE = 1e-3;

// This file's Chromium has a WebGPU adapter; webgpu-fallback.spec.ts runs the project's, which has none.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', ...SWIFTSHADER_WEBGPU_ARGS],
  },
});

// A host of this file's own: the shared one's engine may have chosen its backend for a tab without an
// adapter already, and keeps that choice.
let host: BrowserMode;
let appUrl: string;
test.beforeAll(async () => {
  process.env.ANP_HOME = '.tmp/e2e-gpu-anp-home';
  host = await startBrowserMode({ token: 'gpu-token' });
  appUrl = host.host.url;
});
test.afterAll(async () => {
  await host.close();
});

test.describe('with a WebGPU adapter (SwiftShader)', () => {
  test('the shipped models give the same forward pass, completion tile and upscale tile on WebGPU as on wasm', async ({
    page,
  }) => {
    // SwiftShader compiles every shader on the CPU: 33 s on a quiet machine, 6.6 min at load average 12.
    test.setTimeout(900_000);
    await page.goto(appUrl);
    const [gpu, gpuInfo] = await startWorker(page, { backend: 'webgpu', acceptSoftware: true });
    const [wasm, wasmInfo] = await startWorker(page, { backend: 'wasm' });
    expect(gpuInfo).toEqual({ backend: 'webgpu', device: 'google/swiftshader (WebGPU)' });
    expect(wasmInfo.backend).toBe('wasm');
    // SwiftShader emulates a GPU on the CPU: the app takes it only when WebGPU is asked for by name.
    await expect(startWorker(page, { backend: 'webgpu', acceptSoftware: false })).rejects.toThrow(
      'only a software WebGPU adapter (google/swiftshader), slower than wasm on this CPU',
    );

    const photo = await readShippedModel('photo');
    const superres = await readShippedModel('photo-superres');
    const summaries = await Promise.all([load(gpu, 'photo', photo), load(wasm, 'photo', photo)]);
    const [upscaleSummary] = await Promise.all([
      load(wasm, 'photo-superres', superres),
      load(gpu, 'photo-superres', superres),
    ]);
    expect(summaries[0]).toEqual(summaries[1]);

    const cases = [
      { name: 'forward pass', model: 'photo', job: forwardJob(100, 128, 2) },
      {
        name: 'completion tile',
        model: 'photo',
        job: await completionJob(summaries[0], fixturePath('coffee.jpg')),
      },
      {
        name: 'upscale tile',
        model: 'photo-superres',
        job: await upscaleJob(upscaleSummary, fixturePath('chelsea.jpg'), 4),
      },
    ];
    for (const { name, model, job } of cases) {
      const onGpu = await timedEvaluate(gpu, model, job);
      const onWasm = await timedEvaluate(wasm, model, job);
      const difference = largestDifference(onGpu.results, onWasm.results);
      console.log(
        `${name}: ${job.tiles.length} tiles; WebGPU ${onGpu.ms.toFixed(0)} ms, wasm ${onWasm.ms.toFixed(0)} ms; ` +
          `largest difference mean ${difference.mean.toExponential(2)}, σ ${difference.std.toExponential(2)}, ` +
          `draws ${difference.samples.toExponential(2)}`,
      );
      expect(onGpu.results.length, name).toBe(job.tiles.length);
      expect(
        onGpu.results[0]!.mean.some((v) => v !== 0),
        `${name} computed something`,
      ).toBe(true);
      expect(difference.mean, `${name}: mean`).toBeLessThanOrEqual(TOLERANCE);
      expect(difference.std, `${name}: σ`).toBeLessThanOrEqual(TOLERANCE);
      expect(difference.samples, `${name}: draws`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

test('on a software adapter alone the app stays on wasm and says so', async ({ page }) => {
  await page.goto(appUrl);
  await expect(page.getByTestId('engine-backend')).toHaveText('wasm');
  await expect(page.getByTestId('engine-backend-why')).toHaveAttribute(
    'title',
    /tfjs-backend-webgpu: only a software WebGPU adapter \(google\/swiftshader\), slower than wasm on this CPU/,
  );
});
