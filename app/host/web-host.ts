/**
 * The local web host for browser mode and end-to-end tests: the built renderer plus the same API as
 * the Electron binding, on 127.0.0.1 only. `POST /api/call/<method>` answers `{ ok, result | error }`;
 * `GET /api/events?token=…` streams every ApiEvent as Server-Sent Events.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { toErrorShape } from '../api/errors.js';
import { noPaths, type PathPolicy } from '../api/path-policy.js';
import { SECURITY_HEADERS } from '../util/security-headers.js';
import { ACCESS_PAGE_PATH, isPageRequest } from './access-page.js';
import type { ComputeRelay } from './compute-relay.js';
import { EventLog } from './event-log.js';
import { DEFAULT_MAX_BODY, sendJson, type EngineLike, type HostContext } from './host-context.js';
import { HttpError, STATUS_OF } from './http-status.js';
import { checkHostAndOrigin } from './request-guard.js';
import { route } from './routes.js';

export type { EngineLike };

export interface WebHostOptions {
  engine: EngineLike;
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A fresh random token per launch unless given (tests and e2e pass a fixed one). */
  token?: string;
  /** Largest request body; by default the largest upload the contract takes, as base64 in JSON. */
  maxBodyBytes?: number;
  /** What calls may name on disk; browser mode's default is nothing (pages upload and download bytes). */
  paths?: PathPolicy;
  /**
   * The engine's session folder: `POST /api/upload` streams a file there for `openImage {kind:
   * 'upload'}`. Without it there is no upload route.
   */
  uploadDir?: string;
  /** The relay to the tab's compute Worker (WebGPU); without it there are no /api/compute routes. */
  compute?: ComputeRelay;
}

export interface WebHost {
  /** Open this: `http://127.0.0.1:PORT/#token=TOKEN` (the renderer reads the token from the hash). */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const events = new EventLog();
  const stopRelay = options.engine.onEvent((event) => events.push(event));
  const host: HostContext = {
    engine: options.engine,
    token,
    staticDir: resolve(options.staticDir),
    maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    paths: options.paths ?? noPaths,
    events,
    uploadDir: options.uploadDir,
    compute: options.compute,
  };

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((err: unknown) => {
      const shape = err instanceof HttpError ? err.shape : toErrorShape(err);
      const status = err instanceof HttpError ? err.status : (STATUS_OF[shape.code] ?? 500);
      if (res.headersSent) return res.destroy();
      // A refusal before the body was read (a 401, a 413 …): the connection cannot carry another request.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (status === 401 && isPageRequest(req.headers)) {
        res.writeHead(303, { Location: ACCESS_PAGE_PATH, 'Cache-Control': 'no-store' });
        return res.end();
      }
      sendJson(res, status, { ok: false, error: shape });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const guard = checkHostAndOrigin(port, req.headers.host, req.headers.origin);
    if (!guard.ok) throw new HttpError(guard.status!, { code: 'INVALID_ARGUMENT', message: guard.reason! });
    return route(host, req, res, new URL(req.url ?? '/', `http://${req.headers.host}`));
  }

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
    });
  } catch (err) {
    stopRelay();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        stopRelay();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
