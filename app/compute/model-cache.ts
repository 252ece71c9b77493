/** Models loaded in this thread, one per model folder, loaded once and kept for the thread's life. */
import { loadModelDir } from '../model-files.js';
import { modelFromBytes, type LoadedModel } from './model-summary.js';

const cache = new Map<string, Promise<LoadedModel>>();

export function loadModel(dir: string): Promise<LoadedModel> {
  let entry = cache.get(dir);
  if (!entry) {
    entry = readModel(dir);
    cache.set(dir, entry);
    entry.catch(() => cache.delete(dir));
  }
  return entry;
}

async function readModel(dir: string): Promise<LoadedModel> {
  const { manifest, weights } = await loadModelDir(dir);
  return modelFromBytes(manifest, weights, dir);
}
