import { mkdir, mkdtemp, readdir, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackedAnpConfig } from '../../models/index.js';
import { loadLatestCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';

function checkpoint(step: number): Checkpoint {
  const weights = [new Float32Array([1, 2, 3]).map((v) => v + step), new Float32Array([4])];
  return {
    state: {
      step,
      config: stackedAnpConfig(2, 3),
      names: ['a', 'b'],
      shapes: [[3], [1]],
      rng: [1, 2, 3, step],
      recipe: { steps: 10 },
      trainSeconds: step * 1.5,
    },
    weights,
    adam: {
      t: step,
      m: weights.map((w) => w.map((v) => v / 10)),
      v: weights.map((w) => w.map((v) => v / 100)),
    },
  };
}

describe('checkpoints', () => {
  it('round-trips weights, Adam moments, RNG state and step', async () => {
    const root = await mkdtemp(join(tmpdir(), 'anp-ckpt-'));
    expect(await loadLatestCheckpoint(root)).toBeNull();
    await saveCheckpoint(root, checkpoint(3));
    const loaded = (await loadLatestCheckpoint(root))!;
    const original = checkpoint(3);
    expect(loaded.state).toEqual(original.state);
    expect(loaded.weights.map((w) => [...w])).toEqual(original.weights.map((w) => [...w]));
    expect(loaded.adam.t).toBe(3);
    expect(loaded.adam.v.map((w) => [...w])).toEqual(original.adam.v.map((w) => [...w]));
  });

  it('keeps the latest two, ignores and then sweeps a half-written one, and reports a damaged one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'anp-ckpt-'));
    for (const step of [1, 2, 3]) await saveCheckpoint(root, checkpoint(step));
    // A write killed mid-way leaves only a temporary folder behind.
    await mkdir(join(root, '.step-000000004.999.tmp'));
    expect((await readdir(root)).filter((e) => e.startsWith('step-')).sort()).toEqual([
      'step-000000002',
      'step-000000003',
    ]);
    expect((await loadLatestCheckpoint(root))!.state.step).toBe(3);
    // The next save sweeps what killed writers left: a checkpoint folder and a LATEST file.
    await writeFile(join(root, '.LATEST.999.abcd.tmp'), 'step-0000');
    await saveCheckpoint(root, checkpoint(4));
    expect((await readdir(root)).sort()).toEqual(['LATEST', 'step-000000003', 'step-000000004']);
    await truncate(join(root, 'step-000000004', 'params.bin'), 8);
    await expect(loadLatestCheckpoint(root)).rejects.toThrow(/cannot be read \(params.bin has 8 bytes\)/);
  });
});
