/**
 * `--out DIR` for commands that write several files into a folder: everything is checked before the
 * work starts, and a folder the command created is removed again if the work fails.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../api/errors.js';
import { checkOutputPath } from '../../imaging/output-file.js';

/**
 * Checks that `names` can be written into `dir` (an existing file there only with `overwrite`),
 * creates the folder if needed, and runs `work`; on failure removes what this call created.
 */
export async function withOutDir<T>(
  dir: string,
  names: readonly string[],
  overwrite: boolean,
  work: () => Promise<T>,
): Promise<T> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new ApiError('INVALID_ARGUMENT', `${dir} is a file; --out needs a folder`);
  }
  let created: string | undefined;
  if (!existing) {
    try {
      created = await mkdir(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ApiError('IO_ERROR', `cannot create the folder ${dir} (${code ?? String(err)})`);
    }
  }
  try {
    for (const name of names) await checkOutputPath(join(dir, name), overwrite);
    return await work();
  } catch (err) {
    if (created) await rm(created, { recursive: true, force: true });
    throw err;
  }
}
