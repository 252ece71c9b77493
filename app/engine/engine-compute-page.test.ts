/**
 * The engine process asks its parent for WebGPU: the parent's compute page answers (browser mode's
 * tab, Electron's hidden window), or the parent has none and the engine says so and uses wasm.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../api/contract.js';
import type { PageChannel, PageRequestBody } from '../compute/webgpu/page-channel.js';
import { NO_COMPUTE_PAGE } from './engine-client.js';
import { forkEngine } from './fork-engine.js';

const installed = (pkg: string): Promise<boolean> =>
  import(/* @vite-ignore */ pkg).then(
    () => true,
    () => false,
  );
const hasCuda = await installed('@tensorflow/tfjs-node-gpu');

async function engineInfoWith(compute?: PageChannel): Promise<EngineInfo> {
  const home = await mkdtemp(join(tmpdir(), 'anp-compute-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ANP_HOME: home };
  delete env.ANP_BACKEND;
  const client = await forkEngine(env, compute);
  try {
    return (await client.call('engineInfo', {})) as EngineInfo;
  } finally {
    await client.close();
  }
}

describe.skipIf(hasCuda)('the engine’s WebGPU through its parent', () => {
  it('runs on the page’s WebGPU when the page starts it', async () => {
    const asked: PageRequestBody[] = [];
    const page: PageChannel = {
      request: async (body) =>
        (asked.push(body), { backend: 'webgpu', device: 'acme/gpu (WebGPU)' }) as never,
    };
    const info = await engineInfoWith(page);
    expect(info).toMatchObject({ backend: 'webgpu', device: 'acme/gpu (WebGPU)', workers: 1 });
    expect(asked).toEqual([{ type: 'start', choice: { backend: 'webgpu', acceptSoftware: false } }]);
  });

  it('falls back with the page’s reason, or with the reason there is no page', async () => {
    const refusing: PageChannel = {
      request: () =>
        Promise.reject(new Error('no WebGPU adapter (the GPU is blocklisted, disabled or absent)')),
    };
    expect((await engineInfoWith(refusing)).fallbackReasons).toContain(
      'tfjs-backend-webgpu: no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
    );
    const alone = await engineInfoWith();
    expect(alone.backend).not.toBe('webgpu');
    expect(alone.fallbackReasons).toContain(`tfjs-backend-webgpu: ${NO_COMPUTE_PAGE}`);
  });
});
