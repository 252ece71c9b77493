import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand } from './eval.js';
import { train } from './train.js';
import { writeTinyPhotos } from '../../training/fixtures/tiny-training.js';

describe('anp train / anp eval', () => {
  it('explain missing and bad arguments in one line', async () => {
    await expect(train.run([])).rejects.toThrow('--data DIR is required');
    await expect(train.run(['--data', '/nonexistent/photos', '--steps', '1'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(train.run(['--data', 'x', '--steps', '0'])).rejects.toThrow('--steps must be at least 1');
    await expect(train.run(['--data', 'x', '--mean-base', 'bilinear'])).rejects.toThrow(
      "--mean-base must be one of none, interpolation, sharpened, residual, got 'bilinear'",
    );
    await expect(train.run(['--data', 'x', '--from', 'm', '--mean-base', 'none'])).rejects.toThrow(
      "--mean-base can only be 'sharpened' there",
    );
    await expect(train.run(['--data', 'x', '--min-factor', '4', '--max-factor', '3'])).rejects.toThrow(
      '--min-factor (4) is above --max-factor (3)',
    );
    await expect(train.run(['--data', 'x', '--full-scale-share', '1.5'])).rejects.toThrow(
      '--full-scale-share must be at most 1',
    );
    await expect(evalCommand.run(['--data', 'x'])).rejects.toThrow('--model DIR is required');
    const photos = await writeTinyPhotos(3);
    await expect(evalCommand.run(['--model', '/nonexistent/model', '--data', photos])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('train writes a model folder with a card that eval then reads', async () => {
    const photos = await writeTinyPhotos(4);
    const root = await mkdtemp(join(tmpdir(), 'anp-cli-train-'));
    const out = join(root, 'model');
    const argv = [
      '--data',
      photos,
      '--out',
      out,
      '--steps',
      '3',
      '--batch',
      '2',
      '--hidden',
      '8',
      '--window',
      '8',
    ];
    const code = await train.run([
      ...argv,
      '--workers',
      '0',
      '--max-context',
      '12',
      '--max-targets',
      '12',
      '--max-grid',
      '9',
      '--full-scale-share',
      '0.5',
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['MODEL_CARD.md', 'manifest.json', 'weights.bin']);
    const card = await readFile(join(out, 'MODEL_CARD.md'), 'utf8');
    expect(card).toMatch(/\*\*Status:\*\* complete \(3 steps\)/);
    expect(card).toContain(`anp train ${argv.join(' ')}`);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.recipe.window).toBe(8);
    expect(manifest.recipe.batch.window.fullScaleShare).toBe(0.5);
    expect(manifest.config.meanBase).toBe('sharpened');
    expect(manifest.metrics.heldOut.targetNll).toEqual(expect.any(Number));
    const progress = await readFile(join(`${out}.training`, 'progress.jsonl'), 'utf8');
    expect(progress.trim().split('\n').length).toBeGreaterThanOrEqual(1);
    let printed = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      printed += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await evalCommand.run(['--model', out, '--data', photos, '--no-quality', '--json'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const result = JSON.parse(printed);
    expect(Object.keys(result.heldOutNll.byKind).sort()).toEqual(['inpaint', 'pixels', 'superres']);
    expect(result.quality).toBeNull();
  });

  it('train --model superres records the factor mix it was given', async () => {
    const photos = await writeTinyPhotos(4);
    const out = join(await mkdtemp(join(tmpdir(), 'anp-cli-superres-')), 'model');
    const mix = ['--min-factor', '2', '--max-factor', '3', '--small-factor-share', '0.2'];
    const code = await train.run([
      ...['--data', photos, '--out', out, '--model', 'superres', '--steps', '2', '--batch', '2'],
      ...['--hidden', '8', '--window', '8', '--workers', '0', '--quiet', ...mix],
    ]);
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.recipe.batch.kinds).toEqual(['superres']);
    expect(manifest.recipe.batch.task).toMatchObject({ minFactor: 2, maxFactor: 3, smallFactorShare: 0.2 });
  });
});
