/**
 * The app's backend choice. The library (models/backend.ts) starts the backend it is told to; the app
 * decides which: `ANP_BACKEND` in the environment overrides the caller's preference (`"backend"` in
 * the user's settings.json, `anp info --backend`, a bench's flag), and the machine's facts come from
 * node:os. Every refusal's reason reaches the user (`anp info`, the status bar's tooltip).
 *
 * Node has no WebGPU of its own: the caller passes the browser compute page it has, with
 * tfjs-backend-webgpu in a Worker (./webgpu/). The engine finds it through its parent — the
 * browser-mode tab (through the web host) or Electron's hidden, sandboxed compute window; the command
 * line and the benches start a headless Chromium. Without one the WebGPU step is refused with
 * NO_WEBGPU_PAGE. When WebGPU wins, inference runs in the page and the engine keeps the best CPU
 * backend for the work it does itself.
 *
 * Why the page's WebGPU and not Dawn for Node (the `webgpu` npm package): the app always has a
 * Chromium at hand (Electron's renderer, the user's browser in browser mode), whose WebGPU carries
 * Chromium's driver workarounds, blocklist and Vulkan / Metal / Direct3D 12 back ends, while Dawn for
 * Node is a second native binary (0.6) with its own driver support — on Debian 12 it finds no usable
 * adapter (none without libvulkan1; lavapipe lacks `shaderUniform*ArrayDynamicIndexing`), where
 * Chromium offers SwiftShader. The cost is a hop: tiles go to the page as binary messages and come
 * back the same way, and in browser mode the tab must stay open (a closed tab fails the job in flight).
 */
import { availableParallelism, cpus } from 'node:os';
import {
  initBackend,
  PREFERENCES,
  type BackendInfo,
  type BackendPreference,
  type MachineFacts,
  type WebGpuSource,
} from '../../models/backend.js';

export const NO_WEBGPU_PAGE =
  'Node has no WebGPU (the app uses its window’s; on the command line --backend webgpu tries a headless Chromium)';

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

/** This machine's CPU model and core count. */
export function machineFacts(): MachineFacts {
  return { cpuModel: cpus()[0]?.model.trim() || 'unknown CPU', cores: availableParallelism() };
}

const noPage: WebGpuSource = { probe: () => Promise.reject(new Error(NO_WEBGPU_PAGE)) };

/**
 * Starts the backend in force (see resolvePreference) and reports what was chosen and why the faster
 * ones were not. A specific preference tries only that family and throws when none of it loads.
 */
export function initAppBackend(
  preference: BackendPreference = 'auto',
  options: { webgpu?: WebGpuSource } = {},
): Promise<BackendInfo> {
  return initBackend(resolvePreference(preference), {
    machine: machineFacts(),
    webgpu: options.webgpu ?? noPage,
  });
}
