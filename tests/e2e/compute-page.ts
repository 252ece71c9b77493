/// <reference lib="dom" />
// Drives the app's browser compute Worker (dist/renderer/gpu/compute-worker.js) from a test.
import type { JSHandle, Page } from '@playwright/test';
import type { ModelSummary, TileJob, TileResult } from '../../app/compute/index.js';
import type { PageBackendInfo, PageBackendPreference } from '../../app/compute/webgpu/page-backend.js';
import type { ModelBytes } from './tile-jobs.js';

/** Chromium's WebGPU on its bundled SwiftShader (a CPU emulation of a Vulkan GPU). */
export const SWIFTSHADER_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
];

type Call = (request: object) => Promise<unknown>;

export class ComputeWorker {
  private constructor(
    private readonly page: Page,
    private readonly call: JSHandle<Call>,
  ) {}

  /** Starts a Worker of the page on the preferred backend and says which it got. */
  static async start(page: Page, backend: PageBackendPreference): Promise<[ComputeWorker, PageBackendInfo]> {
    const call = await page.evaluateHandle(() => {
      const worker = new Worker('./gpu/compute-worker.js');
      const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
      let next = 1;
      worker.onmessage = ({ data }: MessageEvent) => {
        const entry = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) entry?.resolve(data.value);
        else entry?.reject(new Error(`${data.error.code}: ${data.error.message}`));
      };
      return (request: object) =>
        new Promise((resolve, reject) => {
          const id = next++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ ...request, id });
        });
    });
    const worker = new ComputeWorker(page, call);
    return [worker, (await worker.request({ type: 'start', backend })) as PageBackendInfo];
  }

  load(modelKey: string, model: ModelBytes): Promise<ModelSummary> {
    return this.request({ type: 'load', modelKey, ...model }) as Promise<ModelSummary>;
  }

  /** Evaluates the job and times it in the page (milliseconds). */
  async evaluate(modelKey: string, job: TileJob): Promise<{ results: TileResult[]; ms: number }> {
    return this.page.evaluate(
      async ({ call, request }) => {
        const started = performance.now();
        const results = (await call(request)) as TileResult[];
        return { results, ms: performance.now() - started };
      },
      { call: this.call, request: { type: 'evaluate', modelKey, job } },
    );
  }

  private request(request: object): Promise<unknown> {
    return this.page.evaluate(({ call, request }) => call(request), { call: this.call, request });
  }
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
