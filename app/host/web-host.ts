/**
 * The local web host for browser mode and end-to-end tests: the built renderer plus the same API as
 * the Electron binding, on 127.0.0.1 only. `POST /api/call/<method>` answers `{ ok, result | error }`;
 * `GET /api/events?token=…` streams every ApiEvent as Server-Sent Events.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { base64Length, MAX_UPLOAD_BYTES, type ApiEvent } from '../api/contract.js';
import { toErrorShape } from '../api/errors.js';
import { enforcePaths, noPaths, type PathPolicy } from '../api/path-policy.js';
import { ACCESS_PAGE_PATH, isPageRequest } from './access-page.js';
import type { ComputeRelay } from './compute-relay.js';
import { EventLog } from './event-log.js';
import { HttpError, STATUS_OF } from './http-status.js';
import { receiveUpload } from './upload.js';
import { checkHostAndOrigin, checkToken } from './request-guard.js';
import { SECURITY_HEADERS } from '../util/security-headers.js';
import { readStaticFile } from '../util/static-files.js';

/** What the host needs from an engine: the in-process Engine and the EngineClient both fit. */
export interface EngineLike {
  call(method: string, args: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

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

/** Room for the JSON around an upload's base64: the file name (≤ 255 chars, escaped) and the keys. */
const JSON_ENVELOPE_BYTES = 16 * 1024;
const DEFAULT_MAX_BODY = base64Length(MAX_UPLOAD_BYTES) + JSON_ENVELOPE_BYTES;
const HEARTBEAT_MS = 15_000;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = resolve(options.staticDir);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const paths = options.paths ?? noPaths;
  let port = 0;
  const events = new EventLog();
  const stopRelay = options.engine.onEvent((event) => events.push(event));

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
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/call/'))
      return handleCall(req, res, url.pathname.slice('/api/call/'.length));
    if (url.pathname === '/api/events') return handleEvents(req, res, url);
    if (url.pathname === '/api/upload' && options.uploadDir) return handleUpload(req, res, options.uploadDir);
    if (url.pathname.startsWith('/api/compute/') && options.compute)
      return handleCompute(req, res, url.pathname.slice('/api/compute/'.length), options.compute);
    if (url.pathname.startsWith('/api/'))
      throw new HttpError(404, { code: 'NOT_FOUND', message: 'no such API route' });
    return handleStatic(req, res, url.pathname);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST')
      throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'API calls must be POST' });
    requireToken(req.headers['x-anp-token']);
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(415, {
        code: 'INVALID_ARGUMENT',
        message: 'the request body must be application/json',
      });
    }
    const body = await readBody(req, maxBody);
    let args: unknown;
    try {
      args = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new HttpError(400, { code: 'INVALID_ARGUMENT', message: 'the request body is not valid JSON' });
    }
    // Checked here as well as in the engine, so a refused call never reaches the engine process.
    enforcePaths(method, args, paths);
    const result = await options.engine.call(method, args);
    sendJson(res, 200, { ok: true, result });
  }

  /** The body is the file itself, streamed to disk: the host never holds more than a chunk of it. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, dir: string): Promise<void> {
    if (req.method !== 'POST')
      throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'uploads must be POST' });
    requireToken(req.headers['x-anp-token']);
    if (!/^application\/octet-stream\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, {
        code: 'INVALID_ARGUMENT',
        message: 'an upload must be application/octet-stream',
      });
    }
    sendJson(res, 200, { ok: true, result: await receiveUpload(req, dir, MAX_UPLOAD_BYTES) });
  }

  /** The tab's compute Worker takes requests and answers them, as binary messages. */
  async function handleCompute(
    req: IncomingMessage,
    res: ServerResponse,
    route: string,
    relay: ComputeRelay,
  ): Promise<void> {
    if (req.method !== 'POST')
      throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'compute routes are POST' });
    requireToken(req.headers['x-anp-token']);
    if (route === 'next') {
      await readBody(req, 0);
      const tab = req.headers['x-anp-tab'];
      if (typeof tab !== 'string' || !/^[\w-]{1,64}$/.test(tab)) {
        throw new HttpError(400, { code: 'INVALID_ARGUMENT', message: 'X-Anp-Tab must name the tab' });
      }
      const next = await relay.next(tab);
      res.writeHead(next ? 200 : 204, {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      return void res.end(next ? Buffer.from(next) : undefined);
    }
    if (route !== 'reply') throw new HttpError(404, { code: 'NOT_FOUND', message: 'no such API route' });
    const body = await readBody(req, maxBody);
    try {
      relay.reply(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    } catch {
      throw new HttpError(400, {
        code: 'INVALID_ARGUMENT',
        message: 'the compute reply is not a valid message',
      });
    }
    res.writeHead(204).end();
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET')
      throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'events are read with GET' });
    requireToken(url.searchParams.get('token'));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const lastId = Number(req.headers['last-event-id']);
    const unsubscribe = events.subscribe(
      (id, json) => res.write(`id: ${id}\ndata: ${json}\n\n`),
      Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : undefined,
    );
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'only GET and HEAD are served' });
    }
    const file = await readStaticFile(staticDir, path);
    if (!file) {
      const message =
        path === '/'
          ? `the renderer is not built (no index.html in ${staticDir}); run npm run build`
          : 'not found';
      throw new HttpError(404, { code: 'NOT_FOUND', message });
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  function requireToken(given: string | string[] | null | undefined): void {
    const check = checkToken(token, Array.isArray(given) ? given[0] : given);
    if (!check.ok) throw new HttpError(check.status!, { code: 'INVALID_ARGUMENT', message: check.reason! });
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = new HttpError(413, {
    code: 'INVALID_ARGUMENT',
    message:
      limit === DEFAULT_MAX_BODY
        ? `the request is larger than the ${MAX_UPLOAD_BYTES / 1024 ** 2} MB upload limit`
        : `the request body is larger than ${limit} bytes`,
  });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
