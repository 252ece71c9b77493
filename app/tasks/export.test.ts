import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportImage } from './export.js';

describe('exportImage', () => {
  let dir: string;
  let input: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anp-export-'));
    input = join(dir, 'in.png');
    const data = Buffer.alloc(40 * 30 * 4);
    for (let i = 0; i < 1200; i++) data.set([i % 256, 100, 200, i % 40 < 20 ? 255 : 128], i * 4);
    await sharp(data, { raw: { width: 40, height: 30, channels: 4 } })
      .png()
      .withIccProfile('p3')
      .withMetadata({ density: 300 })
      .toFile(input);
  });

  it('writes every format with its metadata (ICC profile, density)', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'tiff', 'avif'] as const) {
      const outPath = join(dir, `out.${format}`);
      const result = await exportImage({ input, outPath, format, quality: 80, overwrite: false });
      expect(result.bytes).toBe((await readFile(outPath)).length);
      const meta = await sharp(outPath).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(format);
      expect([meta.width, meta.height]).toEqual([40, 30]);
      expect(meta.icc, format).toBeDefined();
      if (format !== 'avif' && format !== 'webp') expect(meta.density, format).toBe(300);
    }
    expect((await sharp(join(dir, 'out.png')).metadata()).hasAlpha).toBe(true);
  });

  it('applies EXIF orientation: the export is upright and says so', async () => {
    const rotated = join(dir, 'rotated.jpg');
    await sharp(Buffer.alloc(20 * 10 * 3, 128), { raw: { width: 20, height: 10, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(rotated);
    await exportImage({
      input: rotated,
      outPath: join(dir, 'upright.jpg'),
      format: 'jpeg',
      quality: 90,
      overwrite: false,
    });
    const meta = await sharp(join(dir, 'upright.jpg')).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([10, 20, 1]);
  });

  it('keeps 16-bit depth in PNG and TIFF', async () => {
    const deep = join(dir, 'deep.png');
    await sharp(Buffer.alloc(8 * 8 * 3, 7), { raw: { width: 8, height: 8, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toFile(deep);
    await exportImage({
      input: deep,
      outPath: join(dir, 'deep.tif'),
      format: 'tiff',
      quality: 90,
      overwrite: false,
    });
    expect((await sharp(join(dir, 'deep.tif')).metadata()).depth).toBe('ushort');
  });

  it('never overwrites unless asked; a missing or read-only folder is a clear error', async () => {
    const existing = join(dir, 'existing.png');
    await writeFile(existing, 'keep me');
    await expect(
      exportImage({ input, outPath: existing, format: 'png', quality: 90, overwrite: false }),
    ).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    await exportImage({ input, outPath: existing, format: 'png', quality: 90, overwrite: true });
    expect((await sharp(existing).metadata()).format).toBe('png');
    await expect(
      exportImage({
        input,
        outPath: join(dir, 'nope', 'x.png'),
        format: 'png',
        quality: 90,
        overwrite: false,
      }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    await expect(
      exportImage({ input, outPath: join(locked, 'x.png'), format: 'png', quality: 90, overwrite: false }),
    ).rejects.toMatchObject({
      code: 'IO_ERROR',
    });
    expect(await readdir(locked)).toEqual([]);
  });

  it('reports a corrupt input and leaves no partial file', async () => {
    const corrupt = join(dir, 'corrupt.png');
    await writeFile(corrupt, (await readFile(input)).subarray(0, 100));
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await expect(
      exportImage({
        input: corrupt,
        outPath: join(sub, 'x.jpeg'),
        format: 'jpeg',
        quality: 90,
        overwrite: false,
      }),
    ).rejects.toMatchObject({
      code: 'CORRUPT_IMAGE',
    });
    expect(await readdir(sub)).toEqual([]);
  });
});
