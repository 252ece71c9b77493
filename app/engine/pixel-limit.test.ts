/**
 * The one pixel limit (MAX_INPUT_PIXELS, 16384²) end to end: an image of exactly that many pixels
 * opens, previews, exports and decodes as the tasks decode it; one row more is refused from its
 * header. The images are all-black 1-bit PNGs (about 33 KB for 268 MP). Before, 16384² opened and then
 * every task failed with sharp's own default limit (16383²), as HTTP 500 INTERNAL.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult, ImageInfo } from '../api/contract.js';
import { MAX_INPUT_PIXELS } from '../api/limits.js';
import { decodeImage } from '../imaging/decode.js';
import { solidBitPng } from '../../tests/fixtures/bad-inputs.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import type { Engine } from './engine.js';

const SIDE = 16384;
let engine: Engine;
let atLimit: string;
let pastLimit: string;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-pixel-limit-'));
  await cp((await writeTinyImageModel(16)).dir, join(root, 'builtin', 'tiny'), { recursive: true });
  engine = await engineWithTasks(root);
  atLimit = join(root, 'limit.png');
  pastLimit = join(root, 'past.png');
  await writeFile(atLimit, solidBitPng(SIDE, SIDE));
  await writeFile(pastLimit, solidBitPng(SIDE, SIDE + 1));
});
afterAll(() => engine.dispose());

describe(`the pixel limit, ${SIDE}² (${MAX_INPUT_PIXELS} pixels)`, () => {
  it('is the limit stated in app/api/limits.ts', () => {
    expect(MAX_INPUT_PIXELS).toBe(SIDE * SIDE);
  });

  it('at the limit: opens, previews, exports (as a download) and decodes as the tasks do', async () => {
    const image = (await engine.call('openImage', { kind: 'path', path: atLimit })) as ImageInfo;
    expect([image.width, image.height]).toEqual([SIDE, SIDE]);
    const preview = (await engine.call('imagePreview', { id: image.id, maxSide: 64 })) as { width: number };
    expect(preview.width).toBe(64);
    const download = (await engine.call('exportImage', { imageId: image.id, format: 'png' })) as ExportResult;
    const meta = await sharp(Buffer.from(download.dataBase64!, 'base64'), {
      limitInputPixels: false,
    }).metadata();
    expect([meta.width, meta.height]).toEqual([SIDE, SIDE]);
    const decoded = await decodeImage(atLimit, 'limit.png');
    expect([decoded.width, decoded.height, decoded.data.length]).toEqual([SIDE, SIDE, SIDE * SIDE]);
  }, 120_000);

  it('one row past it: refused from the header, when opened and when decoded', async () => {
    const tooLarge = {
      code: 'IMAGE_TOO_LARGE',
      message: `past.png: ${SIDE}×${SIDE + 1} is larger than the 268 MP the app handles`,
    };
    await expect(engine.call('openImage', { kind: 'path', path: pastLimit })).rejects.toMatchObject(tooLarge);
    await expect(decodeImage(pastLimit, 'past.png')).rejects.toMatchObject(tooLarge);
  });
});
