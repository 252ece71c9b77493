/**
 * The tfjs backend of a browser compute page (a Worker of the browser-mode tab, or Electron's hidden
 * compute window): WebGPU where the browser has a usable adapter, else wasm, each refusal with the
 * reason the user reads in the status bar. Runs in the browser only (no Node APIs).
 */
import * as tf from '@tensorflow/tfjs';
import { installFastWasmMatMul } from '../../../models/nn/wasm-matmul.js';

export type PageBackendName = 'webgpu' | 'wasm';

/** The parts of the WebGPU API the probe reads (TypeScript's libraries here have no WebGPU types). */
export interface GpuAdapterLike {
  info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  /** Where Chromium had it before adapter.info (deprecated there). */
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

/** `software`: a CPU emulation (SwiftShader), far slower than wasm for this work. */
export type WebGpuProbe = { ok: true; adapter: string; software: boolean } | { ok: false; reason: string };

export interface PageBackendInfo {
  backend: PageBackendName;
  /** The adapter (WebGPU) or the CPU engine (wasm) that computes. */
  device: string;
}

/** Names an adapter as its vendor and architecture/device say ('google/swiftshader'). */
export function adapterName(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture || info.device].filter(Boolean).join('/');
  return name || info.description || 'unnamed WebGPU adapter';
}

/** Whether this browser has WebGPU and an adapter for it, and if not, why not. */
export async function probeWebGpu(gpu: GpuLike | undefined): Promise<WebGpuProbe> {
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is undefined)' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: `requesting a WebGPU adapter failed (${messageOf(err)})` };
  }
  if (!adapter) {
    return { ok: false, reason: 'no WebGPU adapter (the GPU is blocklisted, disabled or absent)' };
  }
  const software =
    adapter.info?.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    adapter.info?.architecture === 'swiftshader';
  return { ok: true, adapter: adapterName(adapter), software };
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}

/** `acceptSoftware`: take an emulated adapter too (only when WebGPU is asked for by name). */
async function startWebGpu(gpu: GpuLike | undefined, acceptSoftware: boolean): Promise<string> {
  const probe = await probeWebGpu(gpu);
  if (!probe.ok) throw new Error(probe.reason);
  if (probe.software && !acceptSoftware) {
    throw new Error(`only a software WebGPU adapter (${probe.adapter}), slower than wasm on this CPU`);
  }
  // The package registers its backend on import, and only where navigator.gpu exists.
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu')))
    throw new Error(`the WebGPU backend did not start on ${probe.adapter}`);
  await tf.ready();
  return `${probe.adapter} (WebGPU)`;
}

async function startWasm(wasmBaseUrl: string): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmBaseUrl);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  await tf.ready();
  installFastWasmMatMul();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `browser WebAssembly${simd ? ' SIMD' : ', no SIMD'}`;
}

/** What to start: WebGPU (`acceptSoftware`: on an emulated adapter too), or wasm. */
export type PageBackendChoice = { backend: 'webgpu'; acceptSoftware: boolean } | { backend: 'wasm' };

/**
 * Starts the chosen backend or throws why it cannot (the message is the reason the user reads).
 * Falling back is the engine's choice, not the page's: without WebGPU the engine's own wasm threads
 * beat one wasm Worker.
 */
export async function startPageBackend(
  choice: PageBackendChoice,
  gpu: GpuLike | undefined,
  wasmBaseUrl: string,
): Promise<PageBackendInfo> {
  if (choice.backend === 'webgpu') {
    return { backend: 'webgpu', device: await startWebGpu(gpu, choice.acceptSoftware) };
  }
  return { backend: 'wasm', device: await startWasm(wasmBaseUrl) };
}
