import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../api/errors.js';

/** Checks that `path` names a readable file (not a folder) before it is decoded, with one clear error. */
export async function assertInputFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ApiError('NOT_FOUND', `${basename(path)}: file not found`);
    throw new ApiError('IO_ERROR', `${basename(path)}: cannot be read (${code ?? String(err)})`);
  }
  if (!isFile) throw new ApiError('UNSUPPORTED_IMAGE', `${basename(path)}: is a folder, not an image file`);
}
