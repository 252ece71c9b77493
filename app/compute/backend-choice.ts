/**
 * The app's backend choice. The library (models/backend.ts) starts the backend it is told to; the app
 * decides which: `ANP_BACKEND` in the environment overrides the caller's preference (the user's
 * settings.json, `anp info --backend`, a bench's flag), and the machine's facts come from node:os.
 * Node has no WebGPU of its own: the caller passes the browser compute page it has (the app's window,
 * or a headless Chromium on the command line), and without one the WebGPU step is refused with
 * NO_WEBGPU_PAGE.
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
