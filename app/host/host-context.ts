/** What the web host's request handlers (routes.ts) share: the engine, the launch's token and limits. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { base64Length, MAX_UPLOAD_BYTES, type ApiEvent } from '../api/contract.js';
import type { PathPolicy } from '../api/path-policy.js';
import type { ComputeRelay } from './compute-relay.js';
import type { EventLog } from './event-log.js';
import { HttpError } from './http-status.js';
import { checkToken } from './request-guard.js';

/** What the host needs from an engine: the in-process Engine and the EngineClient both fit. */
export interface EngineLike {
  call(method: string, args: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

export interface HostContext {
  engine: EngineLike;
  token: string;
  /** The built renderer, absolute. */
  staticDir: string;
  /** Largest request body. */
  maxBody: number;
  /** What calls may name on disk. */
  paths: PathPolicy;
  /** Every engine event, for the event streams to replay from. */
  events: EventLog;
  /** The session folder uploads stream to; without it there is no upload route. */
  uploadDir?: string | undefined;
  /** The relay to the tab's compute Worker; without it there are no /api/compute routes. */
  compute?: ComputeRelay | undefined;
}

/** Room for the JSON around an upload's base64: the file name (≤ 255 chars, escaped) and the keys. */
const JSON_ENVELOPE_BYTES = 16 * 1024;
export const DEFAULT_MAX_BODY = base64Length(MAX_UPLOAD_BYTES) + JSON_ENVELOPE_BYTES;

export function requireToken(host: HostContext, given: string | string[] | null | undefined): void {
  const check = checkToken(host.token, Array.isArray(given) ? given[0] : given);
  if (!check.ok) throw new HttpError(check.status!, { code: 'INVALID_ARGUMENT', message: check.reason! });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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
