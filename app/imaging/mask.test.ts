import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../api/errors.js';
import { pngHeaderOnly } from '../../tests/fixtures/bad-inputs.js';
import { checkMaskHeader, drawShapes, rasteriseMask } from './mask.js';

const count = (bits: Uint8Array): number => bits.reduce((s, b) => s + b, 0);

describe('mask shapes', () => {
  it('fills a rectangle by pixel centres', () => {
    const bits = drawShapes([{ kind: 'rect', x: 2, y: 3, width: 4, height: 2 }], 10, 10);
    expect(count(bits)).toBe(8);
    expect(bits[3 * 10 + 2]).toBe(1);
    expect(bits[5 * 10 + 2]).toBe(0);
  });

  it('draws a round stroke of the given radius', () => {
    const bits = drawShapes(
      [
        {
          kind: 'stroke',
          points: [
            [5, 20],
            [35, 20],
          ],
          radius: 3,
        },
      ],
      40,
      40,
    );
    expect(bits[20 * 40 + 20]).toBe(1);
    expect(bits[23 * 40 + 20]).toBe(0);
    expect(bits[20 * 40 + 37]).toBe(1);
    expect(bits[20 * 40 + 39]).toBe(0);
    // A capsule: ≈ 2r·length + πr²
    expect(count(bits)).toBeGreaterThan(6 * 30);
    expect(count(bits)).toBeLessThan(6 * 30 + 40);
  });

  it('fills a polygon (a triangle of half the square)', () => {
    const bits = drawShapes(
      [
        {
          kind: 'polygon',
          points: [
            [0, 0],
            [20, 0],
            [0, 20],
          ],
        },
      ],
      20,
      20,
    );
    expect(Math.abs(count(bits) - 200)).toBeLessThan(21);
  });

  it('lets an eraser stroke clear what the shapes before it set, and only those', () => {
    const bits = drawShapes(
      [
        { kind: 'rect', x: 0, y: 0, width: 20, height: 10 },
        { kind: 'stroke', points: [[10, 5]], radius: 3, erase: true },
        { kind: 'rect', x: 9, y: 4, width: 2, height: 2 },
      ],
      20,
      10,
    );
    expect(bits[5 * 20 + 12]).toBe(0);
    expect(bits[5 * 20 + 10]).toBe(1);
    expect(bits[5 * 20 + 15]).toBe(1);
    // 200 set, a disc of radius 3 cleared (32 pixel centres lie within it), 4 set again.
    expect(count(bits)).toBe(200 - 32 + 4);
  });
});

describe('rasteriseMask', () => {
  const png = async (w: number, h: number, on: (x: number, y: number) => boolean): Promise<string> => {
    const data = Buffer.alloc(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = on(x, y) ? 255 : 0;
    return (
      await sharp(data, { raw: { width: w, height: h, channels: 1 } })
        .png()
        .toBuffer()
    ).toString('base64');
  };

  it('reads a PNG mask: non-zero erases', async () => {
    const bits = await rasteriseMask({ kind: 'png', dataBase64: await png(8, 6, (x) => x < 2) }, 8, 6);
    expect(count(bits)).toBe(12);
  });

  it('rejects a mask of the wrong size, an empty mask and one covering everything', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: ApiError) => `${e.code}: ${e.message}`,
      );
    expect(
      await codeOf(rasteriseMask({ kind: 'png', dataBase64: await png(8, 6, () => true) }, 9, 6)),
    ).toMatch(/INVALID_ARGUMENT: the mask is 8×6 but the image is 9×6/);
    expect(
      await codeOf(rasteriseMask({ kind: 'png', dataBase64: await png(8, 6, () => false) }, 8, 6)),
    ).toMatch(/erases no pixels/);
    expect(
      await codeOf(
        rasteriseMask(
          { kind: 'shapes', shapes: [{ kind: 'rect', x: -1, y: -1, width: 20, height: 20 }] },
          8,
          6,
        ),
      ),
    ).toMatch(/erases the whole image/);
    expect(
      await codeOf(
        rasteriseMask({ kind: 'png', dataBase64: Buffer.from('not a png').toString('base64') }, 8, 6),
      ),
    ).toMatch(/UNSUPPORTED_IMAGE: the mask: not an image format the app can read/);
  });

  it('refuses an SVG mask as an SVG image is refused, and a mask bomb from its header alone', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16383" height="16383"><rect width="10" height="10" fill="white"/></svg>`;
    const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
    await expect(rasteriseMask({ kind: 'png', dataBase64: b64(svg) }, 64, 48)).rejects.toMatchObject({
      code: 'UNSUPPORTED_IMAGE',
      message: 'the mask: svg images are not supported',
    });
    const bomb = { kind: 'png' as const, dataBase64: b64(pngHeaderOnly(16383, 16383)) };
    await expect(checkMaskHeader(bomb, 64, 48)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'the mask is 16383×16383 but the image is 64×48; they must match',
    });
    await expect(rasteriseMask(bomb, 64, 48)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const huge = { kind: 'png' as const, dataBase64: b64(pngHeaderOnly(50_000, 50_000)) };
    await expect(checkMaskHeader(huge, 64, 48)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });
});
