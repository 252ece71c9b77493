/**
 * Picks the fastest tfjs backend this machine has, in the order the design fixes:
 * tfjs-node-gpu (CUDA) → tfjs-node (native CPU) → wasm (SIMD) → cpu. Every step that fails leaves a
 * reason the user can read. `@tensorflow/tfjs` stays the one tf namespace: the native packages
 * register their 'tensorflow' backend with it when imported.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism, cpus } from 'node:os';
import { installFastWasmMatMul } from './nn/wasm-matmul.js';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  backend: BackendName;
  package: string;
  version: string;
  device: string;
  /** Parallel inference workers worth running: one per core on wasm/cpu, one for native tensorflow. */
  workers: number;
  fallbackReasons: string[];
}

const PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

interface Candidate {
  backend: BackendName;
  package: string;
  load(): Promise<Omit<BackendInfo, 'fallbackReasons' | 'backend' | 'package'>>;
}

const cpuModel = (): string => cpus()[0]?.model.trim() || 'unknown CPU';

/** The native packages are optional dependencies, absent where their binary download failed. */
function nativeCandidate(pkg: string, device: string): Candidate {
  return {
    backend: 'tensorflow',
    package: pkg,
    async load() {
      const specifier: string = pkg;
      const mod = (await import(specifier)) as { version?: Record<string, string> };
      await activate('tensorflow');
      return { version: mod.version?.['tfjs-node'] ?? tf.version_core, device, workers: 1 };
    },
  };
}

const candidates: Record<Exclude<BackendPreference, 'auto'>, Candidate[]> = {
  tensorflow: [
    nativeCandidate('@tensorflow/tfjs-node-gpu', 'CUDA GPU (libtensorflow)'),
    nativeCandidate('@tensorflow/tfjs-node', `${cpuModel()} (libtensorflow)`),
  ],
  wasm: [
    {
      backend: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      async load() {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        await activate('wasm');
        installFastWasmMatMul();
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        return {
          version: wasm.version_wasm,
          device: `${cpuModel()} (WebAssembly${simd ? ' SIMD' : ', no SIMD'})`,
          workers: availableParallelism(),
        };
      },
    },
  ],
  cpu: [
    {
      backend: 'cpu',
      package: '@tensorflow/tfjs-backend-cpu',
      async load() {
        await activate('cpu');
        return {
          version: tf.version_core,
          device: `${cpuModel()} (plain JavaScript)`,
          workers: availableParallelism(),
        };
      },
    },
  ],
};

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

/** The preference in force: `ANP_BACKEND` in the environment overrides the caller's. */
export function resolvePreference(
  preference: BackendPreference = 'auto',
  env: NodeJS.ProcessEnv = process.env,
): BackendPreference {
  const forced = env.ANP_BACKEND?.trim().toLowerCase();
  if (!forced) return preference;
  if (!(PREFERENCES as readonly string[]).includes(forced)) {
    throw new Error(`ANP_BACKEND must be one of ${PREFERENCES.join(', ')} (got '${forced}')`);
  }
  return forced as BackendPreference;
}

/**
 * Activates a backend and reports what was chosen and why the faster ones were not. A specific
 * preference (or ANP_BACKEND) tries only that family and throws when none of it loads.
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  const chosen = resolvePreference(preference);
  const order =
    chosen === 'auto'
      ? [...candidates.tensorflow, ...candidates.wasm, ...candidates.cpu]
      : candidates[chosen];
  const fallbackReasons: string[] = [];
  for (const candidate of order) {
    try {
      const loaded = await candidate.load();
      return { backend: candidate.backend, package: candidate.package, ...loaded, fallbackReasons };
    } catch (err) {
      fallbackReasons.push(`${shortName(candidate.package)}: ${describeFailure(err)}`);
    }
  }
  throw new Error(`no '${chosen}' backend could be started (${fallbackReasons.join('; ')})`);
}
