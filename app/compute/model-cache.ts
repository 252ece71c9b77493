/** Models loaded in this thread, one per model folder, loaded once and kept for the thread's life. */
import * as tf from '@tensorflow/tfjs';
import { loadModelDir } from '../model-files.js';
import { modelFromBytes, type LoadedModel } from './model-summary.js';

const cache = new Map<string, Promise<LoadedModel>>();
/** The tensors each loaded model's weights hold, by model folder. */
const weightTensors = new Map<string, number>();

/** Live tensors held by the weights of the models loaded in this thread. */
export function loadedModelTensors(): number {
  let total = 0;
  for (const n of weightTensors.values()) total += n;
  return total;
}

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
  const before = tf.memory().numTensors;
  const loaded = modelFromBytes(manifest, weights, dir);
  weightTensors.set(dir, tf.memory().numTensors - before);
  return loaded;
}
