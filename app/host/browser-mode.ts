/** Browser mode: the engine in its own process behind the local web host. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forkEngine } from '../engine/fork-engine.js';
import { startWebHost, type WebHost } from './web-host.js';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface BrowserModeOptions {
  port?: number;
  token?: string;
  staticDir?: string;
}

export interface BrowserMode {
  host: WebHost;
  /** Resolves with the exit code if the engine process goes away. */
  engineExited: Promise<number | null>;
  close(): Promise<void>;
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  const engine = await forkEngine({ ...process.env, ANP_PATHS: 'none' });
  try {
    const host = await startWebHost({
      engine,
      staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return {
      host,
      engineExited: engine.exited,
      close: async () => {
        await host.close();
        await engine.close();
      },
    };
  } catch (err) {
    await engine.close();
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
