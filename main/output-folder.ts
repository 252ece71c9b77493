/**
 * The output folder (desktop app): chosen in main's own folder dialog and remembered by main in a
 * small JSON file in userData. The renderer sends only a file's leaf name; main checks it, joins it to
 * the folder, asks before replacing a file, and grants the path for one export — a compromised
 * renderer can write nowhere else and overwrite nothing without the user's yes.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../app/api/errors.js';
import type { PathGrants } from '../app/api/path-policy.js';
import { writeFileAtomic } from '../app/util/atomic-write.js';

/** The extensions each export format may be written with. */
const EXTENSIONS: Record<string, readonly string[]> = {
  png: ['.png'],
  jpeg: ['.jpg', '.jpeg'],
  webp: ['.webp'],
  tiff: ['.tif', '.tiff'],
  avif: ['.avif'],
};

/** The output folder's own requests carry no argument. */
export const NoArgs = z.undefined();

export const OutputPathArgs = z
  .object({
    name: z.string().min(1).max(255),
    format: z.enum(['png', 'jpeg', 'webp', 'tiff', 'avif']),
  })
  .strict();

/** The output folder main remembers. */
export class OutputFolder {
  #folder: string | null = null;

  constructor(private readonly file: string) {}

  get folder(): string | null {
    return this.#folder;
  }

  /** Reads the saved folder; a missing or damaged file is none. */
  async load(): Promise<string | null> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as { folder?: unknown };
      this.#folder = typeof raw.folder === 'string' && isAbsolute(raw.folder) ? raw.folder : null;
    } catch {
      this.#folder = null;
    }
    return this.#folder;
  }

  async set(folder: string): Promise<void> {
    this.#folder = folder;
    await writeFileAtomic(this.file, `${JSON.stringify({ folder }, null, 2)}\n`);
  }
}

/**
 * A file's leaf name checked for the folder: no separators, no `..`, no leading dot, no control
 * characters, and the extension of the export's format. Throws INVALID_ARGUMENT otherwise.
 */
export function checkLeafName(name: string, format: string): string {
  const plain =
    name === basename(name) &&
    !/[\\/:]/.test(name) &&
    !name.startsWith('.') &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f]/.test(name);
  const extension = name.slice(name.lastIndexOf('.')).toLowerCase();
  if (!plain || !(EXTENSIONS[format] ?? []).includes(extension)) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `'${name}' is not a plain ${format} file name for the output folder`,
    );
  }
  return name;
}

/** What main asks the user (its own dialogs; stubbed in tests). */
export interface OutputFolderQuestions {
  /** The folder dialog; null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Whether to replace the existing file at `path`. */
  confirmReplace(path: string): Promise<boolean>;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/** Main's folder dialog, its choice remembered. */
export async function chooseOutputFolder(
  store: OutputFolder,
  ask: Pick<OutputFolderQuestions, 'chooseFolder'>,
): Promise<string | null> {
  const chosen = await ask.chooseFolder();
  if (chosen) await store.set(chosen);
  return chosen;
}

/**
 * The path for `name` in the output folder, granted for one export: asks for a folder when none is
 * set (or it is gone) and before replacing a file. Null when the user cancelled or said no.
 */
export async function grantOutputPath(
  args: unknown,
  store: OutputFolder,
  grants: PathGrants,
  ask: OutputFolderQuestions,
): Promise<string | null> {
  const parsed = OutputPathArgs.safeParse(args);
  if (!parsed.success) throw new ApiError('INVALID_ARGUMENT', 'outputPath: give a file name and a format');
  const name = checkLeafName(parsed.data.name, parsed.data.format);
  let folder = store.folder;
  if (!folder || !(await isFolder(folder))) folder = await chooseOutputFolder(store, ask);
  if (!folder) return null;
  const path = join(folder, name);
  if ((await stat(path).catch(() => undefined)) && !(await ask.confirmReplace(path))) return null;
  grants.grant(path);
  return path;
}
