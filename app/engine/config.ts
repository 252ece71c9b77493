/** Where the engine keeps things, from the environment the parent process sets. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREFERENCES, type BackendPreference } from '../../models/backend.js';
import { noPaths, type PathPolicy } from '../api/path-policy.js';
import type { ModelRegistryOptions } from './model-registry.js';

/**
 * ANP_HOME: the user's folder for settings and fine-tuned models (Electron passes its userData
 * folder; elsewhere ~/.anp-studio). ANP_BUILTIN_MODELS: the shipped models (a packaged app keeps them
 * in its resources folder; from source they are in models/pretrained).
 */
export function modelDirsFromEnv(env: NodeJS.ProcessEnv = process.env): ModelRegistryOptions {
  const home = env.ANP_HOME || join(homedir(), '.anp-studio');
  return {
    builtinDir: env.ANP_BUILTIN_MODELS || fileURLToPath(new URL('../../models/pretrained/', import.meta.url)),
    userDir: join(home, 'models'),
    settingsPath: join(home, 'settings.json'),
  };
}

/**
 * ANP_PATHS=none (browser mode): the engine refuses every path argument itself too, so a page can
 * name no file even if something got past the host. Electron's main checks its grants before forwarding.
 */
export function pathPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): PathPolicy | undefined {
  return env.ANP_PATHS === 'none' ? noPaths : undefined;
}

/**
 * The backend the user forces in settings.json (`"backend": "webgpu"`, or tensorflow, wasm, cpu;
 * `auto` or none: the fastest that works). ANP_BACKEND in the environment overrides it.
 */
export async function backendFromSettings(settingsPath: string): Promise<BackendPreference> {
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(settingsPath, 'utf8'));
  } catch {
    return 'auto';
  }
  const value = (settings as { backend?: unknown } | null)?.backend;
  if (value === undefined) return 'auto';
  if (typeof value !== 'string' || !(PREFERENCES as readonly string[]).includes(value)) {
    throw new Error(
      `${settingsPath}: "backend" must be one of ${PREFERENCES.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return value as BackendPreference;
}
