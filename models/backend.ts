/**
 * Picks the fastest tfjs backend this machine has, in the order the design fixes:
 * tfjs-node-gpu (CUDA) → WebGPU → tfjs-node (native CPU) → wasm (SIMD) → cpu. Every step that fails
 * leaves a reason the user can read. `@tensorflow/tfjs` stays the one tf namespace: the native
 * packages register their 'tensorflow' backend with it when imported.
 *
 * The library reads nothing of its environment: the caller chooses the preference and tells it the
 * machine's facts (CPU model, cores). WebGPU runs wherever the caller has it (a browser page that it
 * attaches as a `WebGpuSource`); when WebGPU is chosen, this thread still starts the best CPU backend
 * for the tensor work the caller does itself.
 */
import * as tf from '@tensorflow/tfjs';
import { installFastWasmMatMul } from './nn/wasm-matmul.js';

export type BackendPreference = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** A browser compute page with WebGPU, as the engine sees it. */
export interface WebGpuSource {
  /**
   * Starts WebGPU in the page and names the adapter ('google/swiftshader (WebGPU)'), or throws why it
   * cannot. `acceptSoftware`: take an emulated adapter (SwiftShader) too, only when asked for by name.
   */
  probe(acceptSoftware: boolean): Promise<string>;
}

/** What the caller knows of the machine; the library names devices and sizes worker counts by it. */
export interface MachineFacts {
  /** The CPU's model name ('unknown CPU' where the caller cannot tell). */
  cpuModel: string;
  /** The cores worth one inference worker each on wasm/cpu. */
  cores: number;
}

export interface BackendOptions {
  machine: MachineFacts;
  /**
   * Where WebGPU can run; without one the WebGPU step is skipped with the reason NO_WEBGPU_SOURCE (a
   * caller that knows why it has none gives a source whose probe rejects with its own reason).
   */
  webgpu?: WebGpuSource;
}

export const NO_WEBGPU_SOURCE = 'no WebGPU source was given';

export interface BackendInfo {
  backend: BackendName;
  package: string;
  version: string;
  device: string;
  /**
   * Parallel inference workers worth running: one per core on wasm/cpu, one for native tensorflow and
   * for WebGPU (one device queue).
   */
  workers: number;
  fallbackReasons: string[];
}

export const PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

type Loaded = Omit<BackendInfo, 'fallbackReasons' | 'backend' | 'package'>;

interface Candidate {
  backend: BackendName;
  package: string;
  /** `named`: the user asked for this backend rather than 'auto'. */
  load(options: BackendOptions, named: boolean): Promise<Loaded>;
}

/** The native packages are optional dependencies, absent where their binary download failed. */
function nativeCandidate(pkg: string, device: (machine: MachineFacts) => string): Candidate {
  return {
    backend: 'tensorflow',
    package: pkg,
    async load({ machine }) {
      const specifier: string = pkg;
      const mod = (await import(specifier)) as { version?: Record<string, string> };
      await activate('tensorflow');
      return { version: mod.version?.['tfjs-node'] ?? tf.version_core, device: device(machine), workers: 1 };
    },
  };
}

const nativeGpu = nativeCandidate('@tensorflow/tfjs-node-gpu', () => 'CUDA GPU (libtensorflow)');
const nativeCpu = nativeCandidate('@tensorflow/tfjs-node', ({ cpuModel }) => `${cpuModel} (libtensorflow)`);

const wasmCandidate: Candidate = {
  backend: 'wasm',
  package: '@tensorflow/tfjs-backend-wasm',
  async load({ machine }) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    await activate('wasm');
    installFastWasmMatMul();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return {
      version: wasm.version_wasm,
      device: `${machine.cpuModel} (WebAssembly${simd ? ' SIMD' : ', no SIMD'})`,
      workers: machine.cores,
    };
  },
};

const cpuCandidate: Candidate = {
  backend: 'cpu',
  package: '@tensorflow/tfjs-backend-cpu',
  async load({ machine }) {
    await activate('cpu');
    return {
      version: tf.version_core,
      device: `${machine.cpuModel} (plain JavaScript)`,
      workers: machine.cores,
    };
  },
};

/** The CPU backends this thread falls back to, fastest first. */
const LOCAL_CPU: readonly Candidate[] = [nativeCpu, wasmCandidate, cpuCandidate];

const webgpuCandidate: Candidate = {
  backend: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  async load({ webgpu, machine }, named) {
    if (!webgpu) throw new Error(NO_WEBGPU_SOURCE);
    const device = await webgpu.probe(named);
    // The caller's own tensors (attention views, classical fills) stay on this thread's CPU backend.
    for (const local of LOCAL_CPU) {
      try {
        await local.load({ machine }, false);
        break;
      } catch {
        // the next one; cpu always loads
      }
    }
    return { version: tf.version_core, device, workers: 1 };
  },
};

const candidates: Record<Exclude<BackendPreference, 'auto'>, readonly Candidate[]> = {
  tensorflow: [nativeGpu, nativeCpu],
  webgpu: [webgpuCandidate],
  wasm: [wasmCandidate],
  cpu: [cpuCandidate],
};

/** 'auto': CUDA → WebGPU → native CPU → wasm → cpu. */
const AUTO_ORDER: readonly Candidate[] = [nativeGpu, webgpuCandidate, nativeCpu, wasmCandidate, cpuCandidate];

async function activate(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not initialise`);
  await tf.ready();
}

function describeFailure(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? 'failed to load';
}

function shortName(pkg: string): string {
  return pkg.replace('@tensorflow/', '');
}

/**
 * Activates a backend and reports what was chosen and why the faster ones were not. A specific
 * choice tries only that family and throws when none of it loads.
 */
export async function initBackend(chosen: BackendPreference, options: BackendOptions): Promise<BackendInfo> {
  const order = chosen === 'auto' ? AUTO_ORDER : candidates[chosen];
  const fallbackReasons: string[] = [];
  for (const candidate of order) {
    try {
      const loaded = await candidate.load(options, chosen !== 'auto');
      return { backend: candidate.backend, package: candidate.package, ...loaded, fallbackReasons };
    } catch (err) {
      fallbackReasons.push(`${shortName(candidate.package)}: ${describeFailure(err)}`);
    }
  }
  throw new Error(`no '${chosen}' backend could be started (${fallbackReasons.join('; ')})`);
}
