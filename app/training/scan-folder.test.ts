import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFolder } from './scan-folder.js';

describe('scanFolder', () => {
  let folder: string;
  const png = (w: number, h: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'anp-scan-'));
    await writeFile(join(folder, 'a.png'), await png(64, 48));
    await writeFile(join(folder, 'b.png'), await png(40, 40));
    await writeFile(join(folder, 'tiny.png'), await png(10, 20));
    await writeFile(join(folder, 'notes.txt'), 'not a photo');
    await writeFile(join(folder, '.hidden.png'), await png(64, 64));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('lists usable photos (one held out) and skipped files with the reason', async () => {
    const scan = await scanFolder(folder);
    expect(scan.usable.map((u) => [u.name, u.width, u.height])).toEqual([
      ['a.png', 64, 48],
      ['b.png', 40, 40],
    ]);
    expect(scan.usable.filter((u) => u.heldOut)).toHaveLength(1);
    expect(scan.skipped.map((s) => s.name)).toEqual(['notes.txt', 'tiny.png']);
    expect(scan.skipped[1]?.reason).toBe('10×20 is smaller than 32 pixels on a side');
    expect(scan.skipped[0]?.reason).toMatch(/not|unsupported/i);
    expect(scan.problem).toBeNull();
  });

  it('does not follow a symlink loop or a linked photo, and skips a model folder inside', async () => {
    const root = await mkdtemp(join(tmpdir(), 'anp-scan-links-'));
    await writeFile(join(root, 'a.png'), await png(64, 48));
    await writeFile(join(root, 'b.png'), await png(40, 40));
    await mkdir(join(root, 'sub'));
    await symlink(root, join(root, 'sub', 'loop'));
    await symlink(join(root, 'a.png'), join(root, 'sub', 'again.png'));
    await mkdir(join(root, 'model'));
    await writeFile(join(root, 'model', 'manifest.json'), '{"format":"someone-else"}');
    await writeFile(join(root, 'model', 'weights.bin'), Buffer.alloc(4096, 7));
    const scan = await scanFolder(root);
    expect(scan.usable.map((u) => u.name)).toEqual(['a.png', 'b.png']);
    expect(scan.skipped.map((s) => s.name)).toEqual(['model/manifest.json', 'model/weights.bin']);
    for (const s of scan.skipped) expect(s.reason).toMatch(/not|unsupported/i);
    expect(scan.problem).toBeNull();
    await rm(root, { recursive: true, force: true });
  });

  it('says why a folder cannot be used', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'anp-scan-empty-'));
    expect((await scanFolder(empty)).problem).toMatch(/at least two usable photos/);
    await rm(empty, { recursive: true });
    await expect(scanFolder(join(folder, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
