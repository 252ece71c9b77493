import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetPatchOf } from '../../imaging/superres-features.js';
import { writeTinyPhotos } from '../../training/fixtures/tiny-training.js';
import { train } from './train.js';
import { kindOfConfig } from './train-kind.js';

const manifestOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));

/** Trains a model folder of `kind` from scratch, then `steps` more with --from and no --model. */
async function trainThenContinue(kindFlags: string[], steps: number) {
  const photos = await writeTinyPhotos(4);
  const root = await mkdtemp(join(tmpdir(), 'anp-cli-from-'));
  const common = ['--data', photos, '--batch', '2', '--workers', '0', '--quiet'];
  const source = join(root, 'source');
  expect(await train.run([...common, '--out', source, '--steps', '1', ...kindFlags])).toBe(0);
  const tuned = join(root, 'tuned');
  const code = await train.run([...common, '--from', source, '--out', tuned, '--steps', String(steps)]);
  return { code, source: await manifestOf(source), tuned: await manifestOf(tuned) };
}

describe('anp train --from MODEL_DIR', () => {
  it("takes the kind from the model's config", () => {
    expect(kindOfConfig({ kind: 'grid-anp' })).toBe('completion');
    expect(kindOfConfig({ kind: 'grid-superres' })).toBe('superres-grid');
    expect(kindOfConfig({ kind: 'anp', targetFeatures: 111 })).toBe('superres');
    expect(kindOfConfig({ kind: 'anp', targetFeatures: 0 })).toBe('photo');
    expect(kindOfConfig({ kind: 'np' })).toBe('photo');
  });

  it('continues a point-set super-resolution model on its own features and task mix', async () => {
    const { code, source, tuned } = await trainThenContinue(
      ['--model', 'superres', '--hidden', '8', '--window', '8'],
      2,
    );
    expect(code).toBe(0);
    expect(tuned.config).toEqual(source.config);
    expect(tuned.recipe.batch.kinds).toEqual(['superres']);
    expect(tuned.recipe.batch.task.superResFeatures).toEqual({
      patch: targetPatchOf(source.config.targetFeatures),
    });
    expect(tuned.recipe.meanFit).toBe('l1');
    expect(tuned.metrics.step).toBe(2);
  });

  it('continues a grid super-resolution model as one', async () => {
    const { code, source, tuned } = await trainThenContinue(
      [
        '--model',
        'superres-grid',
        '--hidden',
        '8',
        '--window',
        '8',
        '--min-factor',
        '2',
        '--max-factor',
        '3',
      ],
      2,
    );
    expect(code).toBe(0);
    expect(tuned.config).toEqual(source.config);
    expect(tuned.config.kind).toBe('grid-superres');
    expect(tuned.metrics.step).toBe(2);
  });
});
