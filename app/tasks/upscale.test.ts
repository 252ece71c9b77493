import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbImage } from '../imaging/superres-features.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { createInferencePool, type InferencePool } from '../compute/index.js';
import type { ModelRef } from '../util/task.js';
import { PHOTO_MODEL, SUPERRES_MODEL } from '../../tests/fixtures/shipped-models.js';
import { runUpscale, type UpscaleOptions } from './upscale.js';
import { upscaleColours } from './upscale-core.js';
import { planUpscale } from './upscale-plan.js';

const SAMPLE_PHOTO = fileURLToPath(new URL('../../assets/sample.jpg', import.meta.url));

describe('runUpscale', () => {
  let model: ModelRef;
  let pool: InferencePool;
  let dir: string;
  let rgb: string;

  beforeAll(async () => {
    model = await writeTinyImageModel();
    pool = createInferencePool({ workers: 1 });
    dir = await mkdtemp(join(tmpdir(), 'anp-upscale-'));
    rgb = join(dir, 'rgb.png');
    const data = Buffer.alloc(24 * 16 * 3);
    for (let i = 0; i < 24 * 16; i++) data.set([(i * 7) % 256, (i * 3) % 256, 128], i * 3);
    await sharp(data, { raw: { width: 24, height: 16, channels: 3 } })
      .png()
      .withIccProfile('p3')
      .withMetadata({ density: 150 })
      .toFile(rgb);
  });
  afterAll(() => pool.dispose());

  const run = (
    input: string,
    size: UpscaleOptions['size'],
    outName: string,
    signal = new AbortController().signal,
  ) =>
    runUpscale({
      input,
      size,
      model,
      outPath: join(dir, outName),
      pool,
      signal,
      onProgress: () => undefined,
    });
  const error = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
    );

  it('writes exactly the requested size for integer, fractional and exact sizes', async () => {
    expect(await run(rgb, { kind: 'scale', scale: 2 }, 'x2.png')).toMatchObject({ width: 48, height: 32 });
    expect(await run(rgb, { kind: 'scale', scale: 2.3 }, 'x23.png')).toMatchObject({ width: 55, height: 37 });
    expect(await run(rgb, { kind: 'exact', width: 60 }, 'w60.png')).toMatchObject({ width: 60, height: 40 });
    expect(await run(rgb, { kind: 'exact', width: 50, height: 70 }, 'e.png')).toMatchObject({
      width: 50,
      height: 70,
    });
    expect(await run(rgb, { kind: 'scale', scale: 1 }, 'x1.png')).toMatchObject({ width: 24, height: 16 });
    const meta = await sharp(join(dir, 'x23.png')).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([55, 37, 3]);
    expect(meta.density).toBeCloseTo(150 * (55 / 24), 0);
    expect(meta.icc?.length).toBe((await sharp(rgb).metadata()).icc?.length);
  });

  it('rejects scale 0, 16.5 and NaN, and a too small exact size', async () => {
    expect(await error(run(rgb, { kind: 'scale', scale: 0 }, 'a.png'))).toMatch(
      /INVALID_ARGUMENT: scale must be between 1 and 16/,
    );
    expect(await error(run(rgb, { kind: 'scale', scale: 16.5 }, 'a.png'))).toMatch(
      /INVALID_ARGUMENT: scale must be between 1 and 16/,
    );
    expect(await error(run(rgb, { kind: 'scale', scale: NaN }, 'a.png'))).toMatch(
      /INVALID_ARGUMENT: scale must be a finite number/,
    );
    expect(await error(run(rgb, { kind: 'exact', width: 10 }, 'a.png'))).toMatch(/smaller than the input/);
  });

  it('keeps alpha (lanczos-resized), 16-bit depth and applies EXIF orientation', async () => {
    const alphaIn = join(dir, 'alpha.png');
    const rgba = Buffer.alloc(16 * 16 * 4);
    for (let i = 0; i < 256; i++) rgba.set([200, 80, 40, i % 16 < 8 ? 255 : 0], i * 4);
    await sharp(rgba, { raw: { width: 16, height: 16, channels: 4 } })
      .png()
      .toFile(alphaIn);
    await run(alphaIn, { kind: 'scale', scale: 2 }, 'alpha-x2.png');
    const out = await sharp(join(dir, 'alpha-x2.png')).raw().toBuffer({ resolveWithObject: true });
    expect(out.info.channels).toBe(4);
    expect(out.data[(5 * 32 + 3) * 4 + 3]).toBe(255);
    expect(out.data[(5 * 32 + 28) * 4 + 3]).toBe(0);

    const deep = join(dir, 'deep.png');
    await sharp(Buffer.alloc(8 * 8 * 3, 90), { raw: { width: 8, height: 8, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toFile(deep);
    await run(deep, { kind: 'scale', scale: 3 }, 'deep-x3.png');
    expect((await sharp(join(dir, 'deep-x3.png')).metadata()).depth).toBe('ushort');

    const rotated = join(dir, 'rotated.jpg');
    await sharp(Buffer.alloc(20 * 10 * 3, 128), { raw: { width: 20, height: 10, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(rotated);
    expect(await run(rotated, { kind: 'scale', scale: 2 }, 'rotated-x2.jpg')).toMatchObject({
      width: 20,
      height: 40,
    });
    const meta = await sharp(join(dir, 'rotated-x2.jpg')).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([20, 40, 1]);
  });

  // Needs a trained model: an untrained one predicts an unrelated pattern in every frame. Adjacent
  // tiles of a trained model roughly agree; what differs must not pile up at their borders. The photo
  // model's tiles overlap and are blended: a hard seam puts a tile-to-tile step into the single pixel
  // step at the border, while a cos² ramp over the 4 output pixels of overlap gives the border step
  // about as much energy as its two neighbours together (0.38² vs 2 × 0.27² of the step, sampled at
  // the pixel centres). The super-resolution model's tiles do not overlap (its targets read their
  // neighbourhood from the whole image): its border steps must look like any other step.
  // Bounds on the border step's energy against both neighbouring steps' sum: a blend ramp's border
  // step may carry about as much as both; a hard border's no more than 1.5× one neighbour's.
  it.for([
    ['photo', PHOTO_MODEL, 1.5],
    ['photo-superres', SUPERRES_MODEL, 0.75],
  ] as const)(
    'upscales with the %s model without seams (gradient energy at tile borders vs beside them)',
    async ([name, shipped, bound], { skip }) => {
      if (!existsSync(join(shipped.dir, 'manifest.json'))) skip(`no ${name} model in ${shipped.dir}`);
      const { data, info } = await sharp(SAMPLE_PHOTO)
        .resize(64, 64)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const colours = Float32Array.from(data, (v) => v / 255);
      const out = new Float32Array(256 * 256 * 3);
      const shape = await pool.describe(shipped);
      await upscaleColours({ ...rgbImage(info.width, info.height, colours), yDim: 3 }, 256, 256, {
        pool,
        model: shipped,
        shape,
        signal: new AbortController().signal,
        onTiles: () => undefined,
        sink: async (first, _count, band) => out.set(band, first * 256 * 3),
      });
      const plan = planUpscale(64, 64, 256, 256, shape);
      // The output pixel each tile's core starts at: the step from the pixel before it is the border.
      const borders = plan.columns.slice(1).map((t) => Math.ceil(t.rampIn * 4 - 0.5));
      const spacing = borders[1]! - borders[0]!;
      const energy = (at: number, vertical: boolean): number => {
        let e = 0;
        for (let k = 0; k < 256; k++) {
          const i = vertical ? k * 256 + at : at * 256 + k;
          const j = vertical ? i - 1 : i - 256;
          for (let c = 0; c < 3; c++) e += (out[i * 3 + c]! - out[j * 3 + c]!) ** 2;
        }
        return e / 256;
      };
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      const lines = (offset: number) => borders.map((b) => b + offset).filter((b) => b > 0 && b < 256);
      const both = (at: number[]) =>
        mean([...at.map((a) => energy(a, true)), ...at.map((a) => energy(a, false))]);
      const border = both(lines(0));
      const beside = both(lines(-1)) + both(lines(1));
      const interior = both([...lines(-spacing >> 1), ...lines(-spacing >> 2), ...lines(spacing >> 2)]);
      console.log(
        `seam test (${name} model, ×4, ${plan.columns[0]!.overlap}-pixel overlap): gradient energy at tile borders ${border.toExponential(3)}, ` +
          `both neighbouring steps ${beside.toExponential(3)}, tile interiors ${interior.toExponential(3)}`,
      );
      expect(border).toBeLessThan(bound * beside);
    },
  );

  it.skipIf(!existsSync(join(PHOTO_MODEL.dir, 'manifest.json')))(
    'gives the same pixels when launches split tile rows (bounded memory), its bands in order',
    async () => {
      const { data, info } = await sharp(SAMPLE_PHOTO)
        .resize(40, 24)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const src = {
        ...rgbImage(
          info.width,
          info.height,
          Float32Array.from(data, (v) => v / 255),
        ),
        yDim: 3,
      };
      const upscale = async (launchTiles?: number) => {
        const out = new Float32Array(80 * 48 * 3);
        const bands: number[] = [];
        await upscaleColours(src, 80, 48, {
          pool,
          model: PHOTO_MODEL,
          shape: await pool.describe(PHOTO_MODEL),
          signal: new AbortController().signal,
          onTiles: () => undefined,
          sink: async (first, count, band) => {
            bands.push(first, count);
            out.set(band, first * 80 * 3);
          },
          ...(launchTiles ? { launchTiles } : {}),
        });
        return { out, bands };
      };
      const whole = await upscale();
      const split = await upscale(3);
      expect(split.out).toEqual(whole.out);
      let next = 0;
      for (let i = 0; i < split.bands.length; i += 2) {
        expect(split.bands[i]).toBe(next);
        next += split.bands[i + 1]!;
      }
      expect(next).toBe(48);
    },
  );

  it('reports a corrupt image, a missing or read-only folder and an existing file', async () => {
    const corrupt = join(dir, 'corrupt.png');
    await writeFile(corrupt, (await sharp(rgb).png().toBuffer()).subarray(0, 60));
    expect(await error(run(corrupt, { kind: 'scale', scale: 2 }, 'c.png'))).toMatch(/CORRUPT_IMAGE/);
    expect(await error(run(rgb, { kind: 'scale', scale: 2 }, 'missing/out.png'))).toMatch(
      /NOT_FOUND: the folder .*missing does not exist/,
    );
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    expect(await error(run(rgb, { kind: 'scale', scale: 2 }, 'locked/out.png'))).toMatch(
      /IO_ERROR: the folder .*locked is read-only/,
    );
    expect(await error(run(rgb, { kind: 'scale', scale: 2 }, 'x2.png'))).toMatch(/FILE_EXISTS/);
  });

  it('leaves no file behind when cancelled', async () => {
    const controller = new AbortController();
    const big = join(dir, 'cancel-in.png');
    await sharp(rgb).resize(96, 64).png().toFile(big);
    const sub = join(dir, 'cancel');
    await mkdir(sub);
    let calls = 0;
    const job = runUpscale({
      input: big,
      size: { kind: 'scale', scale: 8 },
      model,
      outPath: join(sub, 'out.png'),
      pool,
      signal: controller.signal,
      onProgress: () => {
        if (++calls === 2) controller.abort();
      },
    });
    expect(await error(job)).toMatch(/CANCELLED/);
    expect(await readdir(sub)).toEqual([]);
  });
});
