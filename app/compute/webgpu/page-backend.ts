/**
 * The tfjs backend of a browser compute page (a Worker of the browser-mode tab, or Electron's hidden
 * compute window): WebGPU where the browser has a usable adapter, else wasm, each refusal with the
 * reason the user reads in the status bar. Runs in the browser only (no Node APIs).
 */
import * as tf from '@tensorflow/tfjs';
import { installFastWasmMatMul } from '../../../models/nn/wasm-matmul.js';

export type PageBackendName = 'webgpu' | 'wasm';
export type PageBackendPreference = 'auto' | PageBackendName;

/** The parts of the WebGPU API the probe reads (TypeScript's libraries here have no WebGPU types). */
export interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

export type WebGpuProbe = { ok: true; adapter: string } | { ok: false; reason: string };

export interface PageBackendInfo {
  backend: PageBackendName;
  /** The adapter (WebGPU) or the CPU engine (wasm) that computes. */
  device: string;
  /** Why each faster choice was not taken, 'package: reason'. */
  fallbackReasons: string[];
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
  return { ok: true, adapter: adapterName(adapter) };
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}

async function startWebGpu(gpu: GpuLike | undefined): Promise<string> {
  const probe = await probeWebGpu(gpu);
  if (!probe.ok) throw new Error(probe.reason);
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

/**
 * Starts the preferred backend: 'auto' takes WebGPU where an adapter exists and falls back to wasm
 * with the reason; a named one starts that backend or throws why it cannot.
 */
export async function startPageBackend(
  preference: PageBackendPreference,
  gpu: GpuLike | undefined,
  wasmBaseUrl: string,
): Promise<PageBackendInfo> {
  const fallbackReasons: string[] = [];
  if (preference !== 'wasm') {
    try {
      return { backend: 'webgpu', device: await startWebGpu(gpu), fallbackReasons };
    } catch (err) {
      if (preference === 'webgpu') throw new Error(`WebGPU cannot be used: ${messageOf(err)}`);
      fallbackReasons.push(`tfjs-backend-webgpu: ${messageOf(err)}`);
    }
  }
  return { backend: 'wasm', device: await startWasm(wasmBaseUrl), fallbackReasons };
}
