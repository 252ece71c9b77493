/** Receiving an upload: the request body streamed into a file, counted against the limit as it comes. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../api/errors.js';
import { MAX_PENDING_UPLOAD_BYTES, MAX_PENDING_UPLOADS } from '../api/limits.js';
import { HttpError } from './http-status.js';

/** An upload's file in the session folder, complete (`upload-…`) or still arriving (`.upload-….part`). */
const UPLOAD_FILE = /^(upload-[\w-]+|\.upload-[\w-]+\.part)$/;

/** The uploads in `dir` not opened yet (and those still arriving): how many, and their bytes. */
async function pendingUploads(dir: string): Promise<{ count: number; bytes: number }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => UPLOAD_FILE.test(n));
  const sizes = await Promise.all(
    names.map((n) =>
      stat(join(dir, n)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return { count: names.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** A failed write of the upload's file, as the clear IO_ERROR every other write gives (no session path). */
function storeError(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof HttpError || err instanceof ApiError || typeof code !== 'string') return err;
  if (code === 'ENOSPC') return new ApiError('IO_ERROR', 'the upload cannot be stored: the disk is full');
  return new ApiError('IO_ERROR', `the upload cannot be stored (${code})`);
}

export async function receiveUpload(
  req: IncomingMessage,
  dir: string,
  limit: number,
): Promise<{ uploadId: string; bytes: number }> {
  const tooLarge = new HttpError(413, {
    code: 'INVALID_ARGUMENT',
    message: `the file is larger than the ${limit / 1024 ** 2} MB upload limit`,
  });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge;
  const pending = await pendingUploads(dir);
  const tooMany = new HttpError(429, {
    code: 'INVALID_ARGUMENT',
    message: `${pending.count} uploads (${(pending.bytes / 1024 ** 2).toFixed(0)} MB) are waiting to be opened; the host keeps at most ${MAX_PENDING_UPLOADS} (${MAX_PENDING_UPLOAD_BYTES / 1024 ** 3} GB in all): open them, then send more`,
  });
  if (pending.count >= MAX_PENDING_UPLOADS || pending.bytes + declared > MAX_PENDING_UPLOAD_BYTES)
    throw tooMany;
  // Also cut off a body that would take the waiting uploads past their total.
  const room = Math.min(limit, MAX_PENDING_UPLOAD_BYTES - pending.bytes);
  const uploadId = `upload-${randomBytes(16).toString('base64url')}`;
  // Written under another name until complete, so a half-received file can never be opened.
  const part = join(dir, `.${uploadId}.part`);
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? tooLarge : bytes > room ? tooMany : null, chunk);
    },
  });
  try {
    await pipeline(req, count, createWriteStream(part, { flags: 'wx' }));
    await rename(part, join(dir, uploadId));
  } catch (err) {
    await rm(part, { force: true });
    throw storeError(err);
  }
  return { uploadId, bytes };
}
