/**
 * Mask decompression bombs against a real engine process: a mask claiming 16383² pixels (SVG, or a
 * 33 KB PNG that really decodes to that) on a 64×48 photo is refused from its header, so the engine's
 * peak resident memory (VmHWM, reset before each case) stays within 100 MB of its RSS before the
 * call, three calls at once included. Before, one SVG took the engine from 921 MB to 2.21 GB.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageInfo } from '../api/contract.js';
import { solidBitPng } from '../../tests/fixtures/bad-inputs.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import type { EngineClient } from './engine-client.js';
import { forkEngine } from './fork-engine.js';

const MB = 1024 ** 2;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16383" height="16383"><rect width="10" height="10" fill="white"/></svg>`;

let client: EngineClient;
let photo: ImageInfo;
let pid: number;

/** The engine's resident memory now and its peak since the last reset, in bytes (Linux /proc). */
async function memory(): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Starts a new peak: VmHWM becomes the current RSS. */
const resetPeak = () => writeFile(`/proc/${pid}/clear_refs`, '5');

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-mask-bombs-'));
  const tiny = await writeTinyImageModel(16);
  await cp(tiny.dir, join(root, 'builtin', 'tiny'), { recursive: true });
  await mkdir(join(root, 'home'));
  const path = join(root, 'photo.png');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#468' } })
    .png()
    .toFile(path);
  client = await forkEngine({
    ...process.env,
    ANP_HOME: join(root, 'home'),
    ANP_BUILTIN_MODELS: join(root, 'builtin'),
    ANP_BACKEND: 'cpu',
  });
  pid = client.pid!;
  await client.call('selectModel', { id: 'tiny' });
  photo = (await client.call('openImage', { kind: 'path', path })) as ImageInfo;
  // Warm: the tasks and the model loaded by one real call, so what is measured is the mask alone.
  const hole = { kind: 'shapes', shapes: [{ kind: 'rect', x: 20, y: 20, width: 8, height: 8 }] };
  await client.call('pixelAttention', { imageId: photo.id, mask: hole, x: 22, y: 22 });
}, 60_000);
afterAll(() => client?.close());

const pngMask = (bytes: Buffer | string) => ({
  kind: 'png',
  dataBase64: Buffer.from(bytes).toString('base64'),
});
const attention = (mask: Buffer | string) =>
  client.call('pixelAttention', { imageId: photo.id, mask: pngMask(mask), x: 1, y: 1 });
const inpaint = (mask: Buffer | string) => client.call('inpaint', { imageId: photo.id, mask: pngMask(mask) });
const times = (n: number, call: () => Promise<unknown>) => Array.from({ length: n }, call);

/** Built once, outside the measured calls: the test's own 33 MB of rows before deflating are not the engine's. */
const PNG_BOMB = solidBitPng(16383, 16383);

const CASES: [string, () => Promise<unknown>[], string][] = [
  ['pixelAttention, SVG 16383²', () => [attention(SVG)], 'UNSUPPORTED_IMAGE'],
  [
    'three pixelAttention calls at once, SVG 16383²',
    () => times(3, () => attention(SVG)),
    'UNSUPPORTED_IMAGE',
  ],
  ['inpaint, SVG 16383²', () => [inpaint(SVG)], 'UNSUPPORTED_IMAGE'],
  [
    'three inpaint calls at once, a 33 KB PNG that decodes to 16383²',
    () => times(3, () => inpaint(PNG_BOMB)),
    'INVALID_ARGUMENT',
  ],
];

describe.skipIf(process.platform !== 'linux')('mask bombs in the engine process', () => {
  for (const [name, calls, code] of CASES) {
    it(`${name}: ${code}, at most 100 MB over the RSS before`, async () => {
      const before = (await memory()).rss;
      await resetPeak();
      const errors = await Promise.all(
        calls().map((call) =>
          call.then(
            () => 'ok',
            (e: { code: string }) => e.code,
          ),
        ),
      );
      const { peak } = await memory();
      process.stderr.write(`${name}: ${(before / MB) | 0} MB + ${((peak - before) / MB) | 0} MB\n`);
      expect((peak - before) / MB).toBeLessThan(100);
      expect(errors).toEqual(errors.map(() => code));
    });
  }
});
