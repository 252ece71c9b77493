/**
 * The one rule for file paths in API calls, enforced by both bindings before the engine touches the
 * disk (and again by a browser-mode engine). Electron: only paths the user handed over through a
 * native dialog, a menu or a drop. Browser mode: no paths at all — the page uploads bytes and
 * exports come back as bytes. Refusals never depend on what exists on disk.
 */
import type { ApiMethod } from './contract.js';
import { ApiError } from './errors.js';

/** How a call uses a path: reads an image, walks a folder, or writes an export. */
export type PathUse = 'open' | 'folder' | 'export';

export interface PathPolicy {
  /** Throws an INVALID_ARGUMENT ApiError when `method` may not use `path` this way. */
  check(method: string, use: PathUse, path: string): void;
}

/** Every path named in a call's (validated) arguments, with how the call would use it. */
export function pathsIn(method: ApiMethod | string, args: unknown): { use: PathUse; path: string }[] {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const named = (use: PathUse, value: unknown) => (typeof value === 'string' ? [{ use, path: value }] : []);
  if (method === 'openImage' && a.kind === 'path') return named('open', a.path);
  if (method === 'fineTune' || method === 'scanFolder') return named('folder', a.folder);
  if (method === 'exportImage') return named('export', a.path);
  return [];
}

export function enforcePaths(method: string, args: unknown, policy: PathPolicy): void {
  for (const { use, path } of pathsIn(method, args)) policy.check(method, use, path);
}

export const BROWSER_PATH_REFUSAL =
  'file paths are not accepted in browser mode: open and fine-tune with files uploaded from the page; exports come back as a download';

/** Browser mode: one answer for every path, whether it exists or not. */
export const noPaths: PathPolicy = {
  check(method) {
    throw new ApiError('INVALID_ARGUMENT', `${method}: ${BROWSER_PATH_REFUSAL}`);
  },
};

/** Paths the user handed to the app; main grants them as dialogs, menus and drops return them. */
export class PathGrants {
  private readonly granted = new Set<string>();

  grant(path: string): void {
    this.granted.add(path);
  }

  has(path: string): boolean {
    return this.granted.has(path);
  }

  /** True once per grant: a save-dialog choice is good for one export. */
  consume(path: string): boolean {
    return this.granted.delete(path);
  }
}

/**
 * Electron: the window may read only files and folders the user picked (open dialog, File ▸ Open, a
 * dropped file) and write an export only to a path chosen in the save dialog, once — a compromised
 * renderer can neither read images elsewhere on the disk nor overwrite files.
 */
export function grantedPaths(read: PathGrants, save: PathGrants): PathPolicy {
  const refusal: Record<PathUse, string> = {
    open: 'the file was not opened, dropped or chosen by the user',
    folder: 'the folder was not chosen by the user',
    export: 'path was not chosen in the save dialog',
  };
  return {
    check(method, use, path) {
      const allowed = use === 'export' ? save.consume(path) : read.has(path);
      if (!allowed) throw new ApiError('INVALID_ARGUMENT', `${method}: ${refusal[use]}`);
    },
  };
}
