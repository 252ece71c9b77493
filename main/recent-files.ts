/** File ▸ Open Recent: the photos last opened, newest first, kept in a small JSON file in userData. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../app/util/atomic-write.js';

export const MAX_RECENT = 10;

export class RecentFiles {
  #paths: string[] = [];

  constructor(private readonly file: string) {}

  get paths(): readonly string[] {
    return this.#paths;
  }

  /** Reads the saved list; a missing or damaged file is an empty list. */
  async load(): Promise<readonly string[]> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      this.#paths = Array.isArray(raw)
        ? raw.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT)
        : [];
    } catch {
      this.#paths = [];
    }
    return this.#paths;
  }

  /** Puts the paths first (the last one given first of all), each once. */
  async add(paths: readonly string[]): Promise<readonly string[]> {
    const fresh = [...paths].reverse();
    this.#paths = [...fresh, ...this.#paths.filter((p) => !fresh.includes(p))].slice(0, MAX_RECENT);
    await this.#save();
    return this.#paths;
  }

  async clear(): Promise<void> {
    this.#paths = [];
    await this.#save();
  }

  async #save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(this.#paths, null, 2)}\n`);
  }
}
