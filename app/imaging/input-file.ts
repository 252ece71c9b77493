import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../api/errors.js';

/**
 * Checks that `path` names a readable file (not a folder, not one without read permission) before it
 * is decoded, with one clear error; returns its size in bytes. `name` is how errors name it.
 */
export async function assertInputFile(path: string, name = basename(path)): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new ApiError('UNSUPPORTED_IMAGE', `${name}: is a folder, not an image file`);
    size = s.size;
    await access(path, constants.R_OK);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('NOT_FOUND', `${name}: file not found`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new ApiError('IO_ERROR', `${name}: cannot be read (permission denied)`);
    throw new ApiError('IO_ERROR', `${name}: cannot be read (${code ?? String(err)})`);
  }
  return size;
}
