import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTinyImageModel } from '../../../tests/fixtures/tiny-image-model.js';
import type { ModelRef } from '../../util/task.js';
import { runCli } from '../main.js';

describe('anp upscale / anp inpaint', () => {
  let model: ModelRef;
  let dir: string;
  let photo: string;
  let mask: string;
  let stderr: string[];

  beforeAll(async () => {
    model = await writeTinyImageModel();
    dir = await mkdtemp(join(tmpdir(), 'anp-cli-images-'));
    photo = join(dir, 'photo.png');
    mask = join(dir, 'mask.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } })
      .png()
      .toFile(photo);
    const bits = Buffer.alloc(40 * 30);
    for (let y = 10; y < 18; y++) bits.fill(255, y * 40 + 12, y * 40 + 22);
    await sharp(bits, { raw: { width: 40, height: 30, channels: 1 } })
      .png()
      .toFile(mask);
  });

  const run = async (argv: string[]): Promise<number> => {
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    return runCli(argv);
  };
  afterEach(() => vi.restoreAllMocks());

  it('upscales to a file and completes into a folder', async () => {
    const out = join(dir, 'big.png');
    expect(
      await run(['upscale', photo, '--scale', '1.5', '--model', model.dir, '--out', out, '--workers', '1']),
    ).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([60, 45]);
    const outDir = join(dir, 'completed');
    expect(
      await run([
        'inpaint',
        photo,
        '--mask',
        mask,
        '--samples',
        '2',
        '--model',
        model.dir,
        '--out',
        outDir,
        '--workers',
        '1',
      ]),
    ).toBe(0);
    expect((await readdir(outDir)).sort()).toEqual([
      'mean.png',
      'sample-1.png',
      'sample-2.png',
      'uncertainty.png',
    ]);
  });

  it('fails with one clear line and a non-zero status', async () => {
    expect(await run(['upscale', photo, '--scale', 'NaN', '--out', join(dir, 'x.png')])).toBe(1);
    expect(stderr.join('')).toBe("anp: --scale must be a number (got 'NaN')\n");
    expect(
      await run([
        'upscale',
        photo,
        '--scale',
        '16.5',
        '--model',
        model.dir,
        '--out',
        join(dir, 'x.png'),
        '--workers',
        '1',
      ]),
    ).toBe(1);
    expect(stderr.filter((l) => l.startsWith('anp:'))).toEqual([
      'anp: scale must be between 1 and 16 (got 16.5)\n',
    ]);
    expect(await run(['upscale', photo, '--out', join(dir, 'x.png')])).toBe(1);
    expect(stderr.join('')).toMatch(/^anp: give either --scale F or --width W/);
    expect(await run(['inpaint', photo, '--out', dir])).toBe(1);
    expect(stderr.join('')).toBe('anp: --mask MASK.png is required\n');
  });
});
