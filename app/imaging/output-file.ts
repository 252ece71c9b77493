/**
 * Writing a finished image to its final path safely: the folder must exist and be writable, an
 * existing file is kept unless overwriting was asked for, and the bytes go to a temp file beside the
 * target that is renamed into place only when complete — a failed or cancelled job leaves nothing.
 */
import { constants } from 'node:fs';
import { access, link, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError } from '../api/errors.js';
import { sweepDeadTemps, syncDir, tempPathFor } from '../util/atomic-write.js';

/** Checks the target folder before any work is done, so a long job cannot fail only at its end. */
export async function checkOutputPath(path: string, overwrite: boolean): Promise<void> {
  const dir = dirname(path);
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new ApiError('NOT_FOUND', `the folder ${dir} does not exist`);
  }
  if (!info.isDirectory()) throw new ApiError('INVALID_ARGUMENT', `${dir} is not a folder`);
  // The mode bits too: root may write through a read-only mode, but the user asked for it read-only.
  const writable =
    (info.mode & 0o222) !== 0 &&
    (await access(dir, constants.W_OK).then(
      () => true,
      () => false,
    ));
  if (!writable) throw new ApiError('IO_ERROR', `the folder ${dir} is read-only`);
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) {
    throw new ApiError('INVALID_ARGUMENT', `${path} is a folder; give the name of a file to write`);
  }
  if (!overwrite && target) {
    throw new ApiError('FILE_EXISTS', `${path} already exists (choose another name or allow overwriting)`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Runs `produce(tempPath)` and moves its file to `path`. Without `overwrite` the move is a hard link,
 * which fails rather than replace a file that appeared meanwhile.
 */
export async function writeOutputFile(
  path: string,
  overwrite: boolean,
  produce: (tempPath: string) => Promise<void>,
): Promise<void> {
  await checkOutputPath(path, overwrite);
  await sweepDeadTemps(dirname(path));
  const temp = tempPathFor(path);
  try {
    await produce(temp);
    if (overwrite) await rename(temp, path);
    else await linkNoClobber(temp, path);
  } catch (err) {
    throw classifyWriteError(err, path);
  } finally {
    await rm(temp, { force: true });
  }
  await syncDir(dirname(path));
}

async function linkNoClobber(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new ApiError('FILE_EXISTS', `${path} already exists (choose another name or allow overwriting)`);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (await exists(path))
      throw new ApiError('FILE_EXISTS', `${path} already exists (choose another name or allow overwriting)`);
    await rename(temp, path);
  }
}

function classifyWriteError(err: unknown, path: string): unknown {
  if (err instanceof ApiError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ApiError('IO_ERROR', `cannot write ${path}: the folder is read-only`);
  }
  if (code === 'ENOSPC') return new ApiError('IO_ERROR', `cannot write ${path}: the disk is full`);
  if (code === 'ENOENT') return new ApiError('NOT_FOUND', `the folder of ${path} does not exist`);
  const text = err instanceof Error ? err.message : String(err);
  return new ApiError('IO_ERROR', `cannot write ${path} (${text.split('\n')[0]})`);
}
