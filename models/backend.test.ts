import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend, NO_WEBGPU_SOURCE, type WebGpuSource } from './backend.js';

const installed = (pkg: string): Promise<boolean> =>
  import(/* @vite-ignore */ pkg).then(
    () => true,
    () => false,
  );
// On a machine with native tensorflow the fallback paths are not taken; those tests are skipped there.
const hasNative =
  (await installed('@tensorflow/tfjs-node-gpu')) || (await installed('@tensorflow/tfjs-node'));

/** The machine the caller describes: the library names the device and sizes the workers by it. */
const machine = { cpuModel: 'Test CPU 9000', cores: 3 };

describe('initBackend', () => {
  it.skipIf(hasNative)('falls back past the absent native packages to wasm, saying why', async () => {
    const info = await initBackend('auto', { machine });
    expect(info.backend).toBe('wasm');
    expect(info.package).toBe('@tensorflow/tfjs-backend-wasm');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.device).toMatch(/^Test CPU 9000 \(WebAssembly/);
    expect(info.workers).toBe(3);
    expect(info.fallbackReasons).toEqual([
      'tfjs-node-gpu: not installed',
      `tfjs-backend-webgpu: ${NO_WEBGPU_SOURCE}`,
      'tfjs-node: not installed',
    ]);
    expect(tf.getBackend()).toBe('wasm');
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(product).toBe(11);
  });

  it.skipIf(hasNative)(
    'takes WebGPU after CUDA where a page has an adapter, keeping wasm for this thread',
    async () => {
      const asked: boolean[] = [];
      const webgpu: WebGpuSource = {
        probe: async (acceptSoftware) => (asked.push(acceptSoftware), 'vendor/gpu (WebGPU)'),
      };
      const info = await initBackend('auto', { machine, webgpu });
      expect(info).toMatchObject({
        backend: 'webgpu',
        package: '@tensorflow/tfjs-backend-webgpu',
        device: 'vendor/gpu (WebGPU)',
        workers: 1,
        fallbackReasons: ['tfjs-node-gpu: not installed'],
      });
      expect(tf.getBackend()).toBe('wasm');
      // 'auto' refuses an emulated adapter; WebGPU asked for by name takes it.
      await initBackend('webgpu', { machine, webgpu });
      expect(asked).toEqual([false, true]);
    },
  );

  it.skipIf(hasNative)('falls back past a page without WebGPU with the page’s reason', async () => {
    const webgpu: WebGpuSource = {
      probe: () =>
        Promise.reject(new Error('no WebGPU adapter (the GPU is blocklisted, disabled or absent)')),
    };
    const info = await initBackend('auto', { machine, webgpu });
    expect(info.backend).toBe('wasm');
    expect(info.fallbackReasons[1]).toBe(
      'tfjs-backend-webgpu: no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
    );
    await expect(initBackend('webgpu', { machine, webgpu })).rejects.toThrow(
      "no 'webgpu' backend could be started (tfjs-backend-webgpu: no WebGPU adapter",
    );
  });

  it('starts the backend it is told to, with the machine the caller describes', async () => {
    const info = await initBackend('cpu', { machine });
    expect(info).toMatchObject({ backend: 'cpu', device: 'Test CPU 9000 (plain JavaScript)', workers: 3 });
    expect(tf.getBackend()).toBe('cpu');
    expect(info.fallbackReasons).toEqual([]);
  });

  it.skipIf(hasNative)('a backend that cannot load is an error naming every reason', async () => {
    await expect(initBackend('tensorflow', { machine })).rejects.toThrow(
      "no 'tensorflow' backend could be started (tfjs-node-gpu: not installed; tfjs-node: not installed)",
    );
  });
});
