import { mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedWeightBytes, loadModelDir, saveModelDir } from './model-files.js';

const manifest = {
  config: { kind: 'anp' },
  weightSpecs: [
    { name: 'w', shape: [2, 3], dtype: 'float32' },
    { name: 'b', shape: [3], dtype: 'float32' },
  ],
};
const weights = new Uint8Array(36).map((_, i) => i);

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'model-files-'));
}

describe('model folders', () => {
  it('round-trips manifest, weights and card, leaving exactly three files', async () => {
    const dir = join(await tempDir(), 'm');
    await saveModelDir(dir, { manifest, weights, card: '# card\n' });
    const loaded = await loadModelDir(dir);
    expect(loaded.manifest).toEqual(manifest);
    expect([...loaded.weights]).toEqual([...weights]);
    expect(loaded.card).toBe('# card\n');
    expect((await readdir(dir)).sort()).toEqual(['MODEL_CARD.md', 'manifest.json', 'weights.bin']);
  });

  it('computes the byte length from tfjs weight specs', () => {
    expect(expectedWeightBytes(manifest)).toBe(36);
    expect(expectedWeightBytes({})).toBeUndefined();
  });

  it('refuses to save weights that do not match the manifest', async () => {
    const dir = join(await tempDir(), 'm');
    await expect(saveModelDir(dir, { manifest, weights: new Uint8Array(8) })).rejects.toThrow(
      /36 weight bytes/,
    );
  });

  it('explains a missing model, corrupt JSON and truncated weights', async () => {
    const dir = await tempDir();
    await expect(loadModelDir(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await saveModelDir(dir, { manifest, weights });
    await truncate(join(dir, 'weights.bin'), 20);
    await expect(loadModelDir(dir)).rejects.toThrow(/truncated.*20 bytes, expected 36/);
    await writeFile(join(dir, 'manifest.json'), '{"config": ');
    await expect(loadModelDir(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, 'manifest.json'), '[1]');
    await expect(loadModelDir(dir)).rejects.toThrow(/not a model manifest/);
  });

  it('overwrites an existing model in place', async () => {
    const dir = await tempDir();
    await saveModelDir(dir, { manifest, weights });
    const next = weights.map((v) => 255 - v);
    await saveModelDir(dir, { manifest: { ...manifest, step: 2 }, weights: next });
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')).step).toBe(2);
    expect([...(await loadModelDir(dir)).weights]).toEqual([...next]);
  });
});
