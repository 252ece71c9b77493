import { describe, expect, it } from 'vitest';
import { probeWebGpu, type GpuAdapterLike, type GpuLike } from './page-backend.js';

const gpuWith = (adapter: GpuAdapterLike | null | Error): GpuLike => ({
  requestAdapter: () => (adapter instanceof Error ? Promise.reject(adapter) : Promise.resolve(adapter)),
});

describe('probeWebGpu', () => {
  it('names a hardware adapter by vendor and architecture', async () => {
    const probe = await probeWebGpu(gpuWith({ info: { vendor: 'nvidia', architecture: 'ampere' } }));
    expect(probe).toEqual({ ok: true, adapter: 'nvidia/ampere', software: false });
  });

  it('marks SwiftShader and fallback adapters as software', async () => {
    expect(await probeWebGpu(gpuWith({ info: { vendor: 'google', architecture: 'swiftshader' } }))).toEqual({
      ok: true,
      adapter: 'google/swiftshader',
      software: true,
    });
    const fallback = await probeWebGpu(gpuWith({ info: { vendor: 'x', isFallbackAdapter: true } }));
    expect(fallback).toMatchObject({ ok: true, software: true });
  });

  it('says why there is no WebGPU', async () => {
    expect(await probeWebGpu(undefined)).toEqual({
      ok: false,
      reason: 'this browser has no WebGPU (navigator.gpu is undefined)',
    });
    expect(await probeWebGpu(gpuWith(null))).toEqual({
      ok: false,
      reason: 'no WebGPU adapter (the GPU is blocklisted, disabled or absent)',
    });
    expect(await probeWebGpu(gpuWith(new Error('device lost\nstack')))).toEqual({
      ok: false,
      reason: 'requesting a WebGPU adapter failed (device lost)',
    });
  });
});
