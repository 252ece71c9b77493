/**
 * A PageChannel to a compute Worker started in a Playwright page that shows the app's origin (the
 * Worker script is dist/renderer/gpu/compute-worker.js, served beside the renderer). The benches'
 * headless Chromium and the end-to-end tests use it; the app's own window does not.
 */
import type { JSHandle, Page } from '@playwright/test';
import { ApiError } from '../../api/errors.js';
import type { PageChannel, PageRequestBody } from './page-channel.js';
import type { PageComputeReply } from './page-protocol.js';

/** The Worker's reply as it is: an error travels as data, so the page adds no stack or prefix to it. */
type Call = (request: PageRequestBody) => Promise<PageComputeReply>;

export async function workerChannel(page: Page, scriptUrl = './gpu/compute-worker.js'): Promise<PageChannel> {
  const call: JSHandle<Call> = await page.evaluateHandle((url) => {
    const worker = new Worker(url);
    const pending = new Map<number, (reply: PageComputeReply) => void>();
    let next = 1;
    worker.onmessage = ({ data }: MessageEvent<PageComputeReply>) => {
      pending.get(data.id)?.(data);
      pending.delete(data.id);
    };
    return (request: object) =>
      new Promise<PageComputeReply>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        worker.postMessage({ ...request, id });
      });
  }, scriptUrl);
  return {
    request: async (body) => {
      const reply = await page.evaluate(({ call, body }) => call(body), { call, body });
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
      return reply.value as never;
    },
  };
}
