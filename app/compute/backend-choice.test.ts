import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { initAppBackend, machineFacts, NO_WEBGPU_PAGE, resolvePreference } from './backend-choice.js';

const installed = (pkg: string): Promise<boolean> =>
  import(/* @vite-ignore */ pkg).then(
    () => true,
    () => false,
  );
const hasNative =
  (await installed('@tensorflow/tfjs-node-gpu')) || (await installed('@tensorflow/tfjs-node'));

describe('the app’s backend choice', () => {
  afterEach(() => {
    delete process.env.ANP_BACKEND;
  });

  it.skipIf(hasNative)('without a compute page, refuses WebGPU with the app’s reason', async () => {
    const info = await initAppBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.workers).toBe(availableParallelism());
    expect(info.device).toContain(machineFacts().cpuModel);
    expect(info.fallbackReasons).toEqual([
      'tfjs-node-gpu: not installed',
      `tfjs-backend-webgpu: ${NO_WEBGPU_PAGE}`,
      'tfjs-node: not installed',
    ]);
  });

  it('ANP_BACKEND forces a backend over the caller preference', async () => {
    process.env.ANP_BACKEND = 'cpu';
    const info = await initAppBackend('wasm');
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.fallbackReasons).toEqual([]);
  });

  it('rejects an unknown ANP_BACKEND value', () => {
    expect(() => resolvePreference('auto', { ANP_BACKEND: 'cuda' })).toThrow(/ANP_BACKEND must be one of/);
    expect(resolvePreference('wasm', {})).toBe('wasm');
    expect(resolvePreference('auto', { ANP_BACKEND: ' WASM ' })).toBe('wasm');
  });
});
