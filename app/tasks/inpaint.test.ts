import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import type { MaskT } from '../api/contract.js';
import { createInferencePool, type InferencePool } from '../compute/index.js';
import { decodeImage } from '../imaging/decode.js';
import { drawShapes } from '../imaging/mask.js';
import type { ModelRef } from '../util/task.js';
import { COMPLETION_MODEL, PHOTO_MODEL } from '../../tests/fixtures/shipped-models.js';
import { runInpaint } from './inpaint.js';

describe('runInpaint', () => {
  let model: ModelRef;
  let pool: InferencePool;
  let dir: string;
  let photo: string;

  beforeAll(async () => {
    model = await writeTinyImageModel();
    pool = createInferencePool({ workers: 1 });
    dir = await mkdtemp(join(tmpdir(), 'anp-inpaint-'));
    photo = join(dir, 'photo.png');
    const data = Buffer.alloc(96 * 72 * 3);
    for (let i = 0; i < 96 * 72; i++) data.set([(i * 7) % 256, (i % 96) * 2, 90], i * 3);
    await sharp(data, { raw: { width: 96, height: 72, channels: 3 } })
      .png()
      .toFile(photo);
  });
  afterAll(() => pool.dispose());

  const rect: MaskT = { kind: 'shapes', shapes: [{ kind: 'rect', x: 30, y: 20, width: 20, height: 14 }] };
  const run = async (
    input: string,
    mask: MaskT,
    samples: number,
    seed: number,
    signal = new AbortController().signal,
    using: ModelRef = model,
    sigmaOut?: string,
  ) => {
    const outDir = await mkdtemp(join(dir, 'out-'));
    return runInpaint({
      input,
      mask,
      samples,
      seed,
      model: using,
      outDir,
      pool,
      signal,
      onProgress: () => undefined,
      ...(sigmaOut ? { sigmaOut } : {}),
    });
  };
  const changedOutside = (a: ArrayLike<number>, b: ArrayLike<number>, hole: Uint8Array, channels: number) => {
    let outside = 0;
    let inside = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (hole[Math.floor(i / channels)]) inside++;
      else outside++;
    }
    return { outside, inside };
  };

  // The shipped completion model, whose draws are autoregressive: an untrained model may put every
  // prediction outside [0, 1], where the clamped 8-bit samples could not differ.
  it('changes only masked pixels, in every sample and the mean; samples differ and repeat with the seed', async () => {
    const original = await decodeImage(photo);
    const hole = drawShapes((rect as Extract<MaskT, { kind: 'shapes' }>).shapes, 96, 72);
    const signal = new AbortController().signal;
    const out = await run(photo, rect, 3, 7, signal, COMPLETION_MODEL);
    expect(out.samples).toHaveLength(3);
    const images = await Promise.all([...out.samples, out.mean].map((p) => decodeImage(p)));
    for (const image of images) {
      expect([image.width, image.height, image.channels]).toEqual([96, 72, 3]);
      const diff = changedOutside(original.data, image.data, hole, 3);
      expect(diff.outside).toBe(0);
      expect(diff.inside).toBeGreaterThan(0);
    }
    let difference = 0;
    for (let i = 0; i < hole.length; i++) {
      for (let c = 0; c < 3 && hole[i]; c++)
        difference += Math.abs(images[0]!.data[i * 3 + c]! - images[1]!.data[i * 3 + c]!);
    }
    // Samples differ by texture, not by a level here and there.
    expect(difference / (3 * 20 * 14)).toBeGreaterThan(2);
    const sigmaOut = join(dir, 'sigma.png');
    const again = await run(photo, rect, 3, 7, signal, COMPLETION_MODEL, sigmaOut);
    expect(again.sigma).toBe(sigmaOut);
    const raw = await decodeImage(sigmaOut);
    expect([raw.width, raw.height, raw.channels, raw.bitDepth]).toEqual([96, 72, 1, 16]);
    const sigma = raw.data as Uint16Array;
    expect(sigma.every((v, i) => (hole[i] ? v > 0 : v === 0))).toBe(true);
    // σ in colour units = value / 65535, the scale the file names; the heat map's top is the largest σ.
    expect((await readFile(sigmaOut)).includes(Buffer.from('sigma-scale\u00001/65535', 'latin1'))).toBe(true);
    expect(Math.max(...sigma) / 65535).toBeCloseTo(again.uncertaintyMax, 4);
    expect(
      Buffer.compare(Buffer.from((await decodeImage(again.samples[1]!)).data), Buffer.from(images[1]!.data)),
    ).toBe(0);
    const heat = await sharp(out.uncertainty).metadata();
    expect([heat.width, heat.height, heat.channels]).toEqual([96, 72, 3]);
    expect(out.uncertaintyMax).toBeGreaterThan(0);
  });

  it('bridges strokes across a smooth shading the way it ran (the biharmonic base), to within a level', async () => {
    const input = join(dir, 'bowl.png');
    const bowl = (x: number, y: number) => 40 + 0.03 * ((x - 40) ** 2 + (y - 30) ** 2) + 0.5 * x;
    const data = Buffer.alloc(96 * 72 * 3);
    for (let i = 0; i < 96 * 72; i++)
      data.fill(Math.round(bowl(i % 96, Math.floor(i / 96))), i * 3, i * 3 + 3);
    await sharp(data, { raw: { width: 96, height: 72, channels: 3 } })
      .png()
      .toFile(input);
    const shapes = [
      {
        kind: 'stroke' as const,
        points: [
          [10, 12],
          [50, 40],
          [85, 20],
        ] as [number, number][],
        radius: 6,
      },
    ];
    const out = await run(input, { kind: 'shapes', shapes }, 1, 0, new AbortController().signal, PHOTO_MODEL);
    const mean = await decodeImage(out.mean);
    const hole = drawShapes(shapes, 96, 72);
    let squared = 0;
    let count = 0;
    for (let i = 0; i < hole.length; i++) {
      if (!hole[i]) continue;
      squared += (mean.data[i * 3]! - data[i * 3]!) ** 2;
      count++;
    }
    expect(count).toBeGreaterThan(500);
    expect(Math.sqrt(squared / count)).toBeLessThan(1);
  });

  it('keeps alpha and 16-bit grey, and completes a hole larger than the window (coarse to fine)', async () => {
    const input = join(dir, 'grey-alpha-16.png');
    const data = new Uint16Array(128 * 128 * 2);
    for (let i = 0; i < 128 * 128; i++) data.set([(i % 128) * 500, 1000 + (i % 7) * 9000], i * 2);
    await sharp(Buffer.from(data.buffer), { raw: { width: 128, height: 128, channels: 2 } })
      .toColourspace('grey16')
      .png()
      .toFile(input);
    const original = await decodeImage(input);
    expect([original.channels, original.bitDepth]).toEqual([2, 16]);
    const mask: MaskT = { kind: 'shapes', shapes: [{ kind: 'rect', x: 24, y: 24, width: 80, height: 80 }] };
    const out = await run(input, mask, 1, 0);
    const result = await decodeImage(out.samples[0]!);
    expect([result.channels, result.bitDepth]).toEqual([2, 16]);
    const hole = drawShapes((mask as Extract<MaskT, { kind: 'shapes' }>).shapes, 128, 128);
    const diff = changedOutside(original.data, result.data, hole, 2);
    expect(diff.outside).toBe(0);
    for (let i = 0; i < 128 * 128; i++) expect(result.data[i * 2 + 1]).toBe(original.data[i * 2 + 1]);
    expect(diff.inside).toBeGreaterThan(80 * 80 * 0.5);
  });

  it('rejects a mask of the wrong size and a corrupt image, and leaves nothing when cancelled', async () => {
    const wrong = (
      await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
        .png()
        .toBuffer()
    ).toString('base64');
    await expect(run(photo, { kind: 'png', dataBase64: wrong }, 1, 0)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(run(join(dir, 'none.png'), rect, 1, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const controller = new AbortController();
    const outDir = await mkdtemp(join(dir, 'cancel-'));
    const job = runInpaint({
      input: photo,
      mask: rect,
      samples: 2,
      seed: 0,
      model,
      outDir,
      pool,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(outDir)).toEqual([]);
  });
});
