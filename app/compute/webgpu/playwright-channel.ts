/**
 * A PageChannel to a compute Worker started in a Playwright page that shows the app's origin (the
 * Worker script is dist/renderer/gpu/compute-worker.js, served beside the renderer). The benches'
 * headless Chromium and the end-to-end tests use it; the app's own window does not.
 */
import type { JSHandle, Page } from '@playwright/test';
import type { PageChannel, PageRequestBody } from './page-channel.js';

type Call = (request: PageRequestBody) => Promise<unknown>;

export async function workerChannel(page: Page, scriptUrl = './gpu/compute-worker.js'): Promise<PageChannel> {
  const call: JSHandle<Call> = await page.evaluateHandle((url) => {
    const worker = new Worker(url);
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
  }, scriptUrl);
  return {
    request: (body) => page.evaluate(({ call, body }) => call(body), { call, body }) as never,
  };
}
