import { expect, test } from '@playwright/test';
import { APP_URL, fixturePath } from './helpers.js';
import { ComputeWorker, SWIFTSHADER_WEBGPU_ARGS, largestDifference } from './compute-page.js';
import { completionJob, forwardJob, readShippedModel, upscaleJob } from './tile-jobs.js';

/** [0, 1] colour units: the largest difference allowed between WebGPU's and wasm's numbers. */
const TOLERANCE = 1e-3;

// This file's Chromium has a WebGPU adapter; webgpu-fallback.spec.ts runs the project's, which has none.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', ...SWIFTSHADER_WEBGPU_ARGS],
  },
});

test.describe('with a WebGPU adapter (SwiftShader)', () => {
  test('the shipped models give the same forward pass, completion tile and upscale tile on WebGPU as on wasm', async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await page.goto(APP_URL);
    const [gpu, gpuInfo] = await ComputeWorker.start(page, 'webgpu');
    const [wasm, wasmInfo] = await ComputeWorker.start(page, 'wasm');
    expect(gpuInfo).toMatchObject({ backend: 'webgpu', device: 'google/swiftshader (WebGPU)' });
    expect(wasmInfo.backend).toBe('wasm');

    const photo = await readShippedModel('photo');
    const superres = await readShippedModel('photo-superres');
    const summaries = await Promise.all([gpu.load('photo', photo), wasm.load('photo', photo)]);
    await Promise.all([gpu.load('photo-superres', superres), wasm.load('photo-superres', superres)]);
    expect(summaries[0]).toEqual(summaries[1]);

    const upscaleSummary = await wasm.load('photo-superres', superres);
    const cases = [
      { name: 'forward pass', model: 'photo', job: forwardJob(200, 256, 2) },
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
      const onGpu = await gpu.evaluate(model, job);
      const onWasm = await wasm.evaluate(model, job);
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
