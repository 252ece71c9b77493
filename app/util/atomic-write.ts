import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary name in the same folder as `path`, so the final rename stays on one file system. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** A temporary file of tempPathFor's pattern: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Whether a process with this id is running (one we may not signal still counts as running). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of tempPathFor's pattern in `dir` whose process is gone — what a write
 * killed mid-way (SIGKILL, a power cut) leaves behind. Called when a write starts in that folder, so
 * a rerun into the same folder cleans up after the dead one; other processes' live temps are kept.
 */
export async function sweepDeadTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const dead = names.filter((name) => {
    const pid = TEMP_NAME.exec(name)?.[1];
    return pid !== undefined && !processAlive(Number(pid));
  });
  await Promise.all(dead.map((name) => rm(join(dir, name), { force: true }).catch(() => undefined)));
  return dead;
}

/** Writes `data` to a temp file beside `path` and flushes it to disk; returns the temp path. */
export async function writeTempFile(path: string, data: string | Uint8Array): Promise<string> {
  await sweepDeadTemps(dirname(path));
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  return temp;
}

/** Flushes a folder's entries, so a rename into it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically: readers see either the old file or the complete new one,
 * never a partial write, even if the process is killed mid-way.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = await writeTempFile(path, data);
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dirname(path));
}
