import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  let stdout: string[];

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
    stdout = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
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

  it('upscales several photos or a folder into a folder: one line each, failures reported, existing skipped', async () => {
    const inputs = await mkdtemp(join(dir, 'batch-in-'));
    await sharp(photo).toFile(join(inputs, 'a.png'));
    await sharp(photo).jpeg().toFile(join(inputs, 'b.jpg'));
    await writeFile(join(inputs, 'notes.jpg'), 'not an image');
    await writeFile(join(inputs, 'readme.txt'), 'skipped: not an image type');
    const out = join(dir, 'batch-out');
    const base = ['--model', model.dir, '--workers', '1', '--out', out];
    const files = ['a.png', 'b.jpg', 'notes.jpg'].map((name) => join(inputs, name));
    expect(await run(['upscale', ...files, '--scale', '2', ...base])).toBe(1);
    expect(stdout.map((l) => l.replace(inputs, 'IN').replace(out, 'OUT'))).toEqual([
      '[1/3] a.png → OUT/a-x2.png (80×60)\n',
      '[2/3] b.jpg → OUT/b-x2.jpg (80×60)\n',
      expect.stringMatching(/^\[3\/3\] notes\.jpg: failed: .+\n$/) as string,
      '2 upscaled, 0 skipped, 1 failed (of 3)\n',
    ]);
    expect((await readdir(out)).sort()).toEqual(['a-x2.png', 'b-x2.jpg']);
    const meta = await sharp(join(out, 'b-x2.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 80, 60]);

    // The folder as input: its image files, the existing outputs skipped unless --overwrite.
    await rm(join(inputs, 'notes.jpg'));
    expect(await run(['upscale', inputs, '--scale', '2', ...base])).toBe(0);
    expect(stdout.at(-1)).toBe('0 upscaled, 2 skipped, 0 failed (of 2)\n');
    expect(stdout[0]).toMatch(/^\[1\/2\] a\.png: skipped, .*a-x2\.png exists/);
    expect(await run(['upscale', inputs, '--width', '50', ...base, '--overwrite'])).toBe(0);
    expect(stdout.at(-1)).toBe('2 upscaled, 0 skipped, 0 failed (of 2)\n');
    expect((await readdir(out)).sort()).toEqual(['a-50x38.png', 'a-x2.png', 'b-50x38.jpg', 'b-x2.jpg']);
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

  it('checks outputs before any work: a folder, an existing file, a file for a folder; nothing is created', async () => {
    const base = ['--model', model.dir, '--workers', '1'];
    const folder = await mkdtemp(join(dir, 'out-'));
    for (const extra of [[], ['--overwrite']]) {
      expect(await run(['upscale', photo, '--scale', '2', ...base, '--out', folder, ...extra])).toBe(1);
      expect(stderr.join('')).toBe(`anp: ${folder} is a folder; give the name of a file to write\n`);
    }
    const taken = join(dir, 'taken.png');
    await writeFile(taken, 'keep');
    expect(await run(['upscale', photo, '--scale', '2', ...base, '--out', taken])).toBe(1);
    expect(stderr.join('')).toMatch(/taken\.png already exists/);
    expect(await readFile(taken, 'utf8')).toBe('keep');

    const inpaint = (out: string, ...extra: string[]) =>
      run(['inpaint', photo, '--mask', mask, '--samples', '1', ...base, '--out', out, ...extra]);
    expect(await inpaint(taken)).toBe(1);
    expect(stderr.join('')).toBe(`anp: ${taken} is a file; --out needs a folder\n`);
    await writeFile(join(folder, 'mean.png'), 'keep');
    expect(await inpaint(folder)).toBe(1);
    expect(stderr.join('')).toMatch(/mean\.png already exists/);
    expect(await readdir(folder)).toEqual(['mean.png']);

    // A run that fails after the checks (the mask does not fit) removes the folder it created.
    const nested = join(dir, 'new', 'nested');
    const wrongMask = join(dir, 'wrong-mask.png');
    await sharp({ create: { width: 5, height: 5, channels: 3, background: '#fff' } })
      .png()
      .toFile(wrongMask);
    expect(await run(['inpaint', photo, '--mask', wrongMask, ...base, '--out', nested])).toBe(1);
    expect(stderr.join('')).toMatch(/the mask is 5×5 but the image is 40×30/);
    expect(await readdir(dir)).not.toContain('new');
  });

  it('SIGTERM during an upscale cancels it like Ctrl+C: no output, no temp file', async () => {
    const big = join(dir, 'big-input.png');
    await sharp({ create: { width: 160, height: 160, channels: 3, background: '#456' } })
      .png()
      .toFile(big);
    const outDir = await mkdtemp(join(dir, 'term-'));
    const bin = fileURLToPath(new URL('../../../bin/anp.mjs', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        bin,
        'upscale',
        big,
        '--scale',
        '8',
        '--model',
        model.dir,
        '--workers',
        '1',
        '--out',
        join(outDir, 'o.png'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.setEncoding('utf8');
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: string) => {
        err += chunk;
        if (err.includes('upscaling [')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await Promise.race([started, exited]);
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    expect(err).toMatch(/anp: the job was cancelled/);
    expect(await readdir(outDir)).toEqual([]);
  });
});
