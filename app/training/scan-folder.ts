/**
 * What fine-tuning would make of a folder, before it starts: every file, usable or skipped with the
 * reason, and which usable photos are held out to measure the model before and after. Reads headers
 * only (fast on large folders); a file whose pixels turn out damaged is still skipped when training
 * loads it.
 */
import type { FolderScan } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { probeImage } from '../imaging/decode.js';
import { heldOutNames, listFiles } from '../data/photo-folder.js';
import { join } from 'node:path';

/** The photo-folder loader's defaults: smallest usable side, share held out. */
const MIN_SIDE = 32;
const HELD_OUT_FRACTION = 0.1;

export async function scanFolder(folder: string): Promise<FolderScan> {
  const usable: { name: string; width: number; height: number }[] = [];
  const skipped: FolderScan['skipped'] = [];
  for (const name of await listFiles(folder)) {
    try {
      const { width, height } = await probeImage(join(folder, name), name);
      if (Math.min(width, height) < MIN_SIDE) {
        skipped.push({ name, reason: `${width}×${height} is smaller than ${MIN_SIDE} pixels on a side` });
      } else {
        usable.push({ name, width, height });
      }
    } catch (err) {
      const reason = err instanceof ApiError ? err.message.replace(`${name}: `, '') : String(err);
      skipped.push({ name, reason });
    }
  }
  const held = heldOutNames(
    usable.map((u) => u.name),
    HELD_OUT_FRACTION,
  );
  const problem =
    usable.length < 2
      ? `fine-tuning needs at least two usable photos (one is held out to measure it); found ${usable.length}`
      : null;
  return { folder, usable: usable.map((u) => ({ ...u, heldOut: held.has(u.name) })), skipped, problem };
}
