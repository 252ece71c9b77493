/** Receiving an upload: the request body streamed into a file, counted against the limit as it comes. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './http-status.js';

export async function receiveUpload(
  req: IncomingMessage,
  dir: string,
  limit: number,
): Promise<{ uploadId: string; bytes: number }> {
  const tooLarge = new HttpError(413, {
    code: 'INVALID_ARGUMENT',
    message: `the file is larger than the ${limit / 1024 ** 2} MB upload limit`,
  });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge;
  const uploadId = `upload-${randomBytes(16).toString('base64url')}`;
  // Written under another name until complete, so a half-received file can never be opened.
  const part = join(dir, `.${uploadId}.part`);
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? tooLarge : null, chunk);
    },
  });
  try {
    await pipeline(req, count, createWriteStream(part, { flags: 'wx' }));
    await rename(part, join(dir, uploadId));
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
  return { uploadId, bytes };
}
