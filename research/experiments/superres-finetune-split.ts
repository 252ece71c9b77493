/**
 * The fine-tune experiment's photos: the faces the base super-resolution model was trained without
 * (research/experiments/superres-faces.txt), split by name order into a part to fine-tune on and a
 * part to measure on, alternately, so that neither part is one end of the list.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const FACES_LIST = fileURLToPath(new URL('./superres-faces.txt', import.meta.url));

/** The file names in a list, one a line (blank lines and # comments ignored). */
export async function readNameList(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').map((line) => line.trim());
  return lines.filter((line) => line !== '' && !line.startsWith('#'));
}

export interface FaceSplit {
  /** 1st, 3rd, 5th… name in sorted order: 7 of 13. */
  tune: string[];
  /** 2nd, 4th, 6th…: 6 of 13. */
  measure: string[];
}

export function splitFaces(names: readonly string[]): FaceSplit {
  const sorted = [...new Set(names)].sort();
  if (sorted.length < 2) throw new RangeError(`the split needs at least 2 photos, got ${sorted.length}`);
  return {
    tune: sorted.filter((_, i) => i % 2 === 0),
    measure: sorted.filter((_, i) => i % 2 === 1),
  };
}
