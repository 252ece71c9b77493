/**
 * Training checkpoints: everything needed to continue a run exactly — weights, Adam moments and step,
 * the data sampler's RNG state, the step and the recipe. Each checkpoint is a folder written under a
 * temporary name and renamed into place, then `LATEST` is replaced atomically to point at it, so a
 * run killed at any instant (even by SIGKILL) resumes from the last complete checkpoint.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainableConfig } from '../model-factory.js';
import { ApiError } from '../api/errors.js';
import type { RngState } from '../data/rng.js';
import { syncDir, writeFileAtomic } from '../util/atomic-write.js';
import type { AdamState } from './optimizer.js';

export interface CheckpointState<Recipe = unknown> {
  step: number;
  config: TrainableConfig;
  names: string[];
  shapes: number[][];
  /** The photo sampler's RNG; absent where batches are a function of the step (the experiments). */
  rng?: RngState;
  recipe: Recipe;
  /** Seconds spent training so far, over every session of the run. */
  trainSeconds: number;
}

export interface Checkpoint<Recipe = unknown> {
  state: CheckpointState<Recipe>;
  weights: Float32Array[];
  adam: AdamState;
}

const LATEST = 'LATEST';
const KEEP = 2;

const dirName = (step: number) => `step-${String(step).padStart(9, '0')}`;

function packParams(c: Checkpoint): Uint8Array {
  const all = [...c.weights, ...c.adam.m, ...c.adam.v];
  const total = all.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const a of all) {
    out.set(a, offset);
    offset += a.length;
  }
  return new Uint8Array(out.buffer);
}

export async function saveCheckpoint(root: string, checkpoint: Checkpoint): Promise<string> {
  await mkdir(root, { recursive: true });
  const name = dirName(checkpoint.state.step);
  const final = join(root, name);
  const exists = await stat(final).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const temp = join(root, `.${name}.${process.pid}.tmp`);
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    const state = { ...checkpoint.state, adamT: checkpoint.adam.t, savedAt: new Date().toISOString() };
    await writeFileAtomic(join(temp, 'params.bin'), packParams(checkpoint));
    await writeFileAtomic(join(temp, 'state.json'), `${JSON.stringify(state)}\n`);
    await rename(temp, final);
    await syncDir(root);
  }
  await writeFileAtomic(join(root, LATEST), `${name}\n`);
  await pruneOld(root, name);
  return final;
}

/**
 * Keeps the latest KEEP checkpoints, and sweeps the half-written ones (and half-written LATEST files)
 * of a run killed while saving: one run writes a folder at a time, so after a save every temporary
 * entry left is a dead writer's.
 */
async function pruneOld(root: string, latest: string): Promise<void> {
  const all = await readdir(root);
  const entries = all.filter((e) => /^step-\d+$/.test(e) && e !== latest).sort();
  const stale = [
    ...entries.slice(0, Math.max(0, entries.length - (KEEP - 1))),
    ...all.filter((e) => e.endsWith('.tmp')),
  ];
  await Promise.all(stale.map((e) => rm(join(root, e), { recursive: true, force: true })));
}

/** Where a training run keeps its checkpoints inside its work folder. */
export const checkpointDir = (workDir: string): string => join(workDir, 'checkpoints');

/** The step of the latest complete checkpoint under `root` (without reading it), or null. */
export async function latestCheckpointStep(root: string): Promise<number | null> {
  const name = await readFile(join(root, LATEST), 'utf8').catch(() => '');
  const step = Number(/^step-(\d+)$/.exec(name.trim())?.[1]);
  return Number.isInteger(step) ? step : null;
}

/** The latest complete checkpoint under `root`, or null when there is none. */
export async function loadLatestCheckpoint<Recipe>(root: string): Promise<Checkpoint<Recipe> | null> {
  let name: string;
  try {
    name = (await readFile(join(root, LATEST), 'utf8')).trim();
  } catch {
    return null;
  }
  const dir = join(root, name);
  try {
    const raw = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as CheckpointState<Recipe> & {
      adamT: number;
    };
    const bytes = await readFile(join(dir, 'params.bin'));
    const sizes = raw.shapes.map((s) => s.reduce((a, b) => a * b, 1));
    const perCopy = sizes.reduce((a, b) => a + b, 0);
    if (bytes.byteLength !== perCopy * 3 * 4) throw new Error(`params.bin has ${bytes.byteLength} bytes`);
    const floats = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    let offset = 0;
    const take = () =>
      sizes.map((n) => {
        const a = floats.slice(offset, offset + n);
        offset += n;
        return a;
      });
    const weights = take();
    const m = take();
    const v = take();
    const { adamT, savedAt: _savedAt, ...state } = raw as typeof raw & { savedAt?: string };
    return { state: state as CheckpointState<Recipe>, weights, adam: { t: adamT, m, v } };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError('IO_ERROR', `the checkpoint ${dir} cannot be read (${why})`);
  }
}
