/**
 * The web host's request handlers, one per route: API calls, uploads, the compute relay, the event
 * stream and the built renderer. `route` picks one for a request that passed the host and origin check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_UPLOAD_BYTES } from '../api/contract.js';
import { enforcePaths } from '../api/path-policy.js';
import { checkNesting } from '../api/validate.js';
import { readStaticFile } from '../util/static-files.js';
import type { ComputeRelay } from './compute-relay.js';
import { readBody, requireToken, sendJson, type HostContext } from './host-context.js';
import { HttpError } from './http-status.js';
import { receiveUpload } from './upload.js';

const HEARTBEAT_MS = 15_000;

export function route(
  host: HostContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> | void {
  const { pathname } = url;
  if (pathname.startsWith('/api/call/'))
    return handleCall(host, req, res, pathname.slice('/api/call/'.length));
  if (pathname === '/api/events') return handleEvents(host, req, res, url);
  if (pathname === '/api/upload' && host.uploadDir) return handleUpload(host, req, res, host.uploadDir);
  if (pathname.startsWith('/api/compute/') && host.compute)
    return handleCompute(host, req, res, pathname.slice('/api/compute/'.length), host.compute);
  if (pathname.startsWith('/api/'))
    throw new HttpError(404, { code: 'NOT_FOUND', message: 'no such API route' });
  return handleStatic(host, req, res, pathname);
}

async function handleCall(host: HostContext, req: IncomingMessage, res: ServerResponse, method: string) {
  if (req.method !== 'POST')
    throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'API calls must be POST' });
  requireToken(host, req.headers['x-anp-token']);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, {
      code: 'INVALID_ARGUMENT',
      message: 'the request body must be application/json',
    });
  }
  const body = await readBody(req, host.maxBody);
  let args: unknown;
  try {
    args = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new HttpError(400, { code: 'INVALID_ARGUMENT', message: 'the request body is not valid JSON' });
  }
  // Checked here as well as in the engine, so a refused call never reaches the engine process.
  checkNesting(method, args);
  enforcePaths(method, args, host.paths);
  const result = await host.engine.call(method, args);
  sendJson(res, 200, { ok: true, result });
}

/** The body is the file itself, streamed to disk: the host never holds more than a chunk of it. */
async function handleUpload(host: HostContext, req: IncomingMessage, res: ServerResponse, dir: string) {
  if (req.method !== 'POST')
    throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'uploads must be POST' });
  requireToken(host, req.headers['x-anp-token']);
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
  host: HostContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  relay: ComputeRelay,
): Promise<void> {
  if (req.method !== 'POST')
    throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'compute routes are POST' });
  requireToken(host, req.headers['x-anp-token']);
  if (path === 'next') {
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
  if (path !== 'reply') throw new HttpError(404, { code: 'NOT_FOUND', message: 'no such API route' });
  const body = await readBody(req, host.maxBody);
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

function handleEvents(host: HostContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET')
    throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'events are read with GET' });
  requireToken(host, url.searchParams.get('token'));
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const lastId = Number(req.headers['last-event-id']);
  const unsubscribe = host.events.subscribe(
    (id, json) => res.write(`id: ${id}\ndata: ${json}\n\n`),
    Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : undefined,
  );
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function handleStatic(host: HostContext, req: IncomingMessage, res: ServerResponse, path: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpError(405, { code: 'INVALID_ARGUMENT', message: 'only GET and HEAD are served' });
  }
  const file = await readStaticFile(host.staticDir, path);
  if (!file) {
    const message =
      path === '/'
        ? `the renderer is not built (no index.html in ${host.staticDir}); run npm run build`
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
