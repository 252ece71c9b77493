import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleBatch } from './batch.js';
import { pixelCentre } from './coords.js';
import { heldOutNames, listFiles, loadPhotoFolder } from './photo-folder.js';
import { resampleRgb } from './resample.js';
import { Rng } from './rng.js';
import { DEFAULT_TASK_OPTIONS, sampleHole, sampleTask } from './tasks.js';
import type { Window } from './windows.js';
import { axisTaps, targetFeatureCount } from '../imaging/superres-features.js';

/** A real photo (the e2e fixtures'). */
const PHOTO = new URL('../../tests/fixtures/photos/coffee.jpg', import.meta.url);

/** A gradient photo: red grows left→right, green top→bottom. */
function gradientPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = Math.round((255 * x) / (width - 1));
      data[(y * width + x) * 3 + 1] = Math.round((255 * y) / (height - 1));
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

async function makeFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'photos-'));
  await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
  await writeFile(join(dir, 'a.png'), await gradientPng(200, 120));
  await writeFile(join(dir, 'sub', 'b.png'), await gradientPng(90, 150));
  await writeFile(
    join(dir, 'sub', 'deeper', 'c.jpg'),
    await sharp(await gradientPng(64, 64))
      .jpeg()
      .toBuffer(),
  );
  await writeFile(join(dir, 'junk.jpg'), 'not really a jpeg');
  await writeFile(join(dir, 'tiny.png'), await gradientPng(8, 8));
  await writeFile(join(dir, 'truncated.png'), (await gradientPng(100, 100)).subarray(0, 200));
  return dir;
}

describe('Rng', () => {
  it('is reproducible and resumes exactly from its saved state', () => {
    const a = new Rng(42);
    Array.from({ length: 5 }, () => a.next());
    const saved = a.state();
    const expected = Array.from({ length: 5 }, () => a.next());
    const b = new Rng(saved);
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(expected);
    expect(new Rng(1).next()).not.toBe(new Rng(2).next());
  });

  it('samples distinct indices', () => {
    const idx = new Rng(3).sampleIndices(50, 20);
    expect(new Set(idx).size).toBe(20);
    expect(Math.max(...idx)).toBeLessThan(50);
  });
});

describe('resampleRgb', () => {
  it('averages exact blocks and keeps a constant image constant', () => {
    const src = new Float32Array([0, 0, 0, 2, 2, 2, 4, 4, 4, 6, 6, 6]); // 2×2 RGB
    expect([...resampleRgb(src, 2, { x: 0, y: 0, w: 2, h: 2 }, 1, 1)]).toEqual([3, 3, 3]);
    const flat = new Float32Array(7 * 5 * 3).fill(0.25);
    const out = resampleRgb(flat, 7, { x: 0.5, y: 1, w: 6, h: 3.5 }, 4, 3);
    for (const v of out) expect(v).toBeCloseTo(0.25, 6);
  });

  it("downscales like sharp's antialiased cubic (within 1/255 rms at ×2 and ×3.05)", async () => {
    const n = 64;
    const photo = await sharp(fileURLToPath(PHOTO))
      .resize(n, n, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer();
    for (const m of [32, 21]) {
      const reference = await sharp(photo, { raw: { width: n, height: n, channels: 3 } })
        .resize(m, m, { kernel: 'cubic', fit: 'fill' })
        .raw()
        .toBuffer();
      const ours = resampleRgb(photo, n, { x: 0, y: 0, w: n, h: n }, m, m, 1, 'cubic');
      const area = resampleRgb(photo, n, { x: 0, y: 0, w: n, h: n }, m, m, 1, 'area');
      const rms = (out: Float32Array) =>
        Math.sqrt(out.reduce((acc, v, i) => acc + (v - reference[i]!) ** 2, 0) / out.length);
      expect(rms(ours)).toBeLessThan(1);
      expect(rms(area)).toBeGreaterThan(2 * rms(ours));
    }
  });

  it('keeps a cubic downscale of a constant constant, edges included', () => {
    const flat = new Float32Array(9 * 9 * 3).fill(0.4);
    for (const v of resampleRgb(flat, 9, { x: 0, y: 0, w: 9, h: 9 }, 4, 4, 1, 'cubic'))
      expect(v).toBeCloseTo(0.4, 6);
  });
});

describe('photo folder', () => {
  it('finds photos recursively, skips junk with a reason, and splits by name hash', async () => {
    const dir = await makeFolder();
    const set = await loadPhotoFolder(dir, { maxSide: 64, heldOutFraction: 0.34 });
    const names = [...set.train, ...set.heldOut].map((p) => p.name).sort();
    expect(names).toEqual(['a.png', 'sub/b.png', 'sub/deeper/c.jpg']);
    expect(set.skipped.map((s) => s.name).sort()).toEqual(['junk.jpg', 'tiny.png', 'truncated.png']);
    expect(set.skipped.find((s) => s.name === 'tiny.png')!.reason).toMatch(/smaller than 32/);
    expect(set.heldOut.length).toBeGreaterThanOrEqual(1);
    const a = [...set.train, ...set.heldOut].find((p) => p.name === 'a.png')!;
    expect([a.fullWidth, a.fullHeight, a.preview.width, a.preview.height]).toEqual([200, 120, 64, 38]);
    expect(a.patches[0]!.width).toBe(96);
    const again = await loadPhotoFolder(dir, { maxSide: 64, heldOutFraction: 0.34 });
    expect(again.heldOut.map((p) => p.name)).toEqual(set.heldOut.map((p) => p.name));
  });

  it('does not follow links: a folder linking to itself or its parent is listed once', async () => {
    const dir = await makeFolder();
    await symlink(dir, join(dir, 'sub', 'loop'));
    await symlink(join(dir, 'sub'), join(dir, 'sub', 'deeper', 'back'));
    await symlink(join(dir, 'a.png'), join(dir, 'linked.png'));
    expect(await listFiles(dir)).toEqual([
      'a.png',
      'junk.jpg',
      'sub/b.png',
      'sub/deeper/c.jpg',
      'tiny.png',
      'truncated.png',
    ]);
  });

  it('holds out at least one file of two', () => {
    expect(heldOutNames(['x.jpg', 'y.jpg'], 0.01).size).toBe(1);
  });

  it('refuses a folder without photos, and a missing folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'empty-'));
    await writeFile(join(dir, 'readme.txt'), 'hi');
    await expect(loadPhotoFolder(dir)).rejects.toThrow(/no readable photos/);
    await expect(loadPhotoFolder(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('tasks', () => {
  const size = 32;
  const pixels = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    pixels[3 * i] = (i % size) / (size - 1);
    pixels[3 * i + 1] = Math.floor(i / size) / (size - 1);
  }
  const window: Window = { size, pixels };

  it('puts colours at their pixel coordinates', () => {
    const task = sampleTask('pixels', window, new Rng(1));
    for (let k = 0; k < task.targetX.length / 2; k++) {
      const col = Math.round(((task.targetX[2 * k]! + 1) * size - 1) / 2);
      const row = Math.round(((task.targetX[2 * k + 1]! + 1) * size - 1) / 2);
      expect(task.targetY[3 * k]).toBeCloseTo(col / (size - 1), 5);
      expect(task.targetY[3 * k + 1]).toBeCloseTo(row / (size - 1), 5);
    }
    expect(task.contextX.length / 2).toBeGreaterThanOrEqual(3);
    expect(task.contextX.length / 2).toBeLessThanOrEqual(200);
    expect([...task.targetX.subarray(0, task.contextX.length)]).toEqual([...task.contextX]);
  });

  it('super-resolution context is the downscaled window at low-res pixel centres', () => {
    const task = sampleTask('superres', window, new Rng(5));
    const low = Math.sqrt(task.contextX.length / 2);
    expect(Number.isInteger(low)).toBe(true);
    expect(task.contextX[0]).toBeCloseTo(pixelCentre(0, low), 6);
    // A ramp's box average is (within a step's rounding at the box edges) the ramp at the box centre.
    for (let k = 0; k < low * low; k++) {
      const xPix = ((task.contextX[2 * k]! + 1) * size - 1) / 2;
      expect(task.contextY[3 * k]).toBeCloseTo(xPix / (size - 1), 2);
    }
  });

  it('inpainting targets are exactly the hole and contexts are outside it', () => {
    const rng = new Rng(9);
    const saved = rng.state();
    const hole = sampleHole(size, new Rng(saved));
    const task = sampleTask('inpaint', window, new Rng(saved));
    const index = (xs: Float32Array, k: number): number => {
      const col = Math.round(((xs[2 * k]! + 1) * size - 1) / 2);
      const row = Math.round(((xs[2 * k + 1]! + 1) * size - 1) / 2);
      return row * size + col;
    };
    for (let k = 0; k < task.targetX.length / 2; k++) expect(hole[index(task.targetX, k)]).toBe(1);
    for (let k = 0; k < task.contextX.length / 2; k++) expect(hole[index(task.contextX, k)]).toBe(0);
  });

  it("gives inpainting targets the hole's biharmonic fill as their base (close to a ramp's own values)", () => {
    for (let seed = 0; seed < 4; seed++) {
      const task = sampleTask('inpaint', window, new Rng(seed));
      if (task.kind !== 'inpaint') continue;
      expect(task.targetBase).toHaveLength(task.targetY.length);
      // The window is a linear ramp, which the biharmonic fill reproduces (up to the kink the edge
      // reflection puts in a ramp, where a hole touches the window's edge).
      const errors = Array.from(task.targetBase!, (v, i) => Math.abs(v - task.targetY[i]!));
      expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.015);
      expect(Math.max(...errors)).toBeLessThan(0.15);
    }
    expect(sampleTask('superres', window, new Rng(1)).targetBase).toBeUndefined();
  });

  it('batches mix every kind and mask the padding', async () => {
    const dir = await makeFolder();
    const set = await loadPhotoFolder(dir, { maxSide: 64 });
    const batch = sampleBatch(set.train, 6, new Rng(2));
    expect(new Set(batch.kinds)).toEqual(new Set(['pixels', 'superres', 'inpaint']));
    expect(batch.contextX.length).toBe(6 * batch.contextPoints * 2);
    const real = batch.contextMask.reduce((a, b) => a + b, 0);
    expect(real).toBeGreaterThan(0);
    expect(real).toBeLessThanOrEqual(6 * batch.contextPoints);
    for (const v of batch.targetY) expect(v >= 0 && v <= 1).toBe(true);
    batch.kinds.forEach((kind, b) => {
      const row = batch.targetBase.subarray(b * batch.targetPoints * 3, (b + 1) * batch.targetPoints * 3);
      const real = batch.targetMask.subarray(b * batch.targetPoints, (b + 1) * batch.targetPoints);
      row.forEach((v, i) => expect(Number.isNaN(v)).toBe(kind !== 'inpaint' || !real[Math.floor(i / 3)]));
    });
    const same = sampleBatch(set.train, 6, new Rng(2));
    expect([...same.targetY]).toEqual([...batch.targetY]);
  });
});

describe('super-resolution grid crop', () => {
  it('keeps a sub-square of a grid larger than the cap, with targets under it', () => {
    const size = 32;
    const window: Window = { size, pixels: new Float32Array(size * size * 3).fill(0.5) };
    const opts = { ...DEFAULT_TASK_OPTIONS, minFactor: 2, maxFactor: 2, maxGridContext: 16 };
    const task = sampleTask('superres', window, new Rng(4), opts);
    expect(task.contextX.length / 2).toBe(16);
    const xs = Array.from({ length: 16 }, (_, k) => task.contextX[2 * k]!);
    const step = 2 / 16;
    const lo = Math.min(...xs) - step / 2;
    const hi = Math.max(...xs) + step / 2;
    expect(hi - lo).toBeCloseTo(4 * step, 5);
    for (let k = 0; k < task.targetX.length / 2; k++) {
      expect(task.targetX[2 * k]).toBeGreaterThan(lo);
      expect(task.targetX[2 * k]).toBeLessThan(hi);
    }
    expect(task.targetX.length / 2).toBe(64);
  });
});

describe('area resampling', () => {
  it('never reads past a region that ends on the raster edge (rounding of the step)', () => {
    // 17 + 80 · (303 / 80) is 320.00000000000006 in floating point: one pixel past this raster.
    const src = new Float32Array(512 * 320 * 3).fill(0.5);
    const out = resampleRgb(src, 512, { x: 120, y: 17, w: 303, h: 303 }, 80, 80);
    expect(out.every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
  });
});

describe('super-resolution frame with surroundings', () => {
  it('reads real neighbours: every target is in the frame and all its Lanczos taps are in the image', () => {
    const surround = 24;
    const size = 32 + 2 * surround;
    const pixels = Float32Array.from({ length: size * size * 3 }, (_, i) => (i % 97) / 97);
    const opts = {
      ...DEFAULT_TASK_OPTIONS,
      minFactor: 4,
      maxFactor: 8,
      maxGridContext: 64,
      superResSurround: surround,
      superResFeatures: { patch: 6 as const },
    };
    for (let seed = 0; seed < 6; seed++) {
      const task = sampleTask('superres', { size, pixels }, new Rng(seed), opts);
      const targets = task.targetX.length / 2;
      expect(targets).toBeGreaterThan(0);
      expect(task.targetFeatures).toHaveLength(targets * targetFeatureCount(6));
      for (const v of [...task.targetX, ...task.contextX]) expect(Math.abs(v)).toBeLessThan(1);
      // Neighbouring contexts are one low-resolution pixel (`scale` window pixels) apart.
      const scale = ((task.contextX[2]! - task.contextX[0]!) / 2) * 32;
      const low = Math.round(size / scale);
      for (let k = 0; k < targets; k++) {
        // A target's frame coordinate maps back to a window pixel whose colour is its y ...
        const col = Math.round(((task.targetX[2 * k]! + 1) / 2) * 32 - 0.5) + surround;
        const row = Math.round(((task.targetX[2 * k + 1]! + 1) / 2) * 32 - 0.5) + surround;
        expect(task.targetY[3 * k]).toBeCloseTo(pixels[(row * size + col) * 3]!, 6);
        // ... and every one of its 6 Lanczos taps per axis is a pixel of the low-resolution image.
        for (const p of [col, row]) {
          const { first } = axisTaps((p + 0.5) / (size / low));
          expect(first).toBeGreaterThanOrEqual(0);
          expect(first + 5).toBeLessThan(low);
        }
      }
    }
  });
});
