/** Browser mode: the engine in its own process behind the local web host. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkEngine } from '../engine/fork-engine.js';
import { SupervisedEngine } from '../engine/supervisor.js';
import { ComputeRelay } from './compute-relay.js';
import { startWebHost, type WebHost } from './web-host.js';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface BrowserModeOptions {
  port?: number;
  token?: string;
  staticDir?: string;
}

export interface BrowserMode {
  host: WebHost;
  /** Resolves with the reason if the engine is down for good (a crash alone restarts it). */
  engineStopped: Promise<string>;
  close(): Promise<void>;
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  // The host owns the session folder so that a restarted engine finds the open images in it.
  const sessionDir = await mkdtemp(join(tmpdir(), 'anp-session-'));
  const env = { ...process.env, ANP_PATHS: 'none', ANP_SESSION_DIR: sessionDir };
  // WebGPU runs in the tab (the page's own WebGPU), not in Node: see models/README.md.
  const compute = new ComputeRelay();
  const engine = await SupervisedEngine.start({ start: () => forkEngine(env, compute) });
  const closeEngine = async () => {
    compute.close();
    await engine.close();
    await rm(sessionDir, { recursive: true, force: true });
  };
  try {
    const host = await startWebHost({
      engine,
      staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
      uploadDir: sessionDir,
      compute,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return {
      host,
      engineStopped: engine.gaveUp,
      close: async () => {
        await host.close();
        await closeEngine();
      },
    };
  } catch (err) {
    await closeEngine();
    throw err;
  }
}

/** Opens the URL in the user's browser; failing to is not an error (the URL is printed anyway). */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
