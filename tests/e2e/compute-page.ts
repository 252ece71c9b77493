/// <reference lib="dom" />
// Drives the app's browser compute Worker (dist/renderer/gpu/compute-worker.js) from a test.
import type { Page } from '@playwright/test';
import type { TileJob, TileResult } from '../../app/compute/index.js';
import type { PageBackendChoice, PageBackendInfo } from '../../app/compute/webgpu/page-backend.js';
import type { PageChannel } from '../../app/compute/webgpu/page-channel.js';
import { workerChannel } from '../../app/compute/webgpu/playwright-channel.js';

/** Chromium's WebGPU on its bundled SwiftShader (a CPU emulation of a Vulkan GPU). */
export const SWIFTSHADER_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
];

/** A compute Worker in the page, started on the chosen backend. */
export async function startWorker(
  page: Page,
  choice: PageBackendChoice,
): Promise<[PageChannel, PageBackendInfo]> {
  const channel = await workerChannel(page);
  return [channel, await channel.request({ type: 'start', choice })];
}

/** Evaluates the job and times it (milliseconds, the page's round trip included). */
export async function timedEvaluate(
  channel: PageChannel,
  modelKey: string,
  job: TileJob,
): Promise<{ results: TileResult[]; ms: number }> {
  const started = performance.now();
  const results = await channel.request({ type: 'evaluate', modelKey, job });
  return { results, ms: performance.now() - started };
}

/** The largest absolute difference between two results' means, σs and draws. */
export function largestDifference(
  a: TileResult[],
  b: TileResult[],
): { mean: number; std: number; samples: number } {
  const worst = (pick: (r: TileResult) => Float32Array[]) => {
    let max = 0;
    a.forEach((ra, t) => {
      const [xs, ys] = [pick(ra), pick(b[t]!)];
      xs.forEach((x, k) => x.forEach((v, i) => (max = Math.max(max, Math.abs(v - ys[k]![i]!)))));
    });
    return max;
  };
  return { mean: worst((r) => [r.mean]), std: worst((r) => [r.std]), samples: worst((r) => r.samples) };
}
