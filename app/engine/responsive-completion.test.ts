/**
 * Issue 27's responsiveness bound, on a large completion by the shipped grid model: the engine's
 * event loop is never held for more than ~250 ms (p99 of monitorEventLoopDelay while the job runs),
 * and calls made meanwhile — engineMemory, then cancel — are answered within 1 s.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ImageInfo, JobStarted } from '../api/contract.js';
import { COMPLETION_MODEL } from '../../tests/fixtures/shipped-models.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import type { Engine } from './engine.js';

const W = 1280;
const H = 960;

let engine: Engine;
let photo: ImageInfo;
const events: ApiEvent[] = [];

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-responsive-'));
  await cp(COMPLETION_MODEL.dir, join(root, 'builtin', 'photo-completion'), { recursive: true });
  engine = await engineWithTasks(root);
  engine.onEvent((event) => events.push(event));
  await engine.call('selectModel', { id: 'photo-completion' });
  const pixels = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) pixels.set([(i % W) / 5, (i / W / 4) % 256, (i * 37) % 97], i * 3);
  const png = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
  photo = (await engine.call('openImage', {
    kind: 'bytes',
    name: 'large.png',
    dataBase64: png.toString('base64'),
  })) as ImageInfo;
});
afterAll(() => engine.dispose());

const timed = async (call: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await call();
  return performance.now() - started;
};

describe('a large completion', () => {
  it('leaves the engine answering: event-loop delay p99 ≤ 250 ms, calls and cancel within 1 s', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const { jobId } = (await engine.call('inpaint', {
      imageId: photo.id,
      mask: { kind: 'shapes', shapes: [{ kind: 'rect', x: 300, y: 200, width: 640, height: 520 }] },
      samples: 2,
      seed: 1,
    })) as JobStarted;
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const memoryMs = await timed(() => engine.call('engineMemory', {}));
    const cancelMs = await timed(() => engine.call('cancel', { jobId }));
    delay.disable();
    await expect
      .poll(() => events.find((e) => 'jobId' in e && e.jobId === jobId && e.type === 'error'), {
        timeout: 30_000,
      })
      .toBeTruthy();
    // The job was still running when it was cancelled: a large completion takes minutes here.
    expect(events.some((e) => 'jobId' in e && e.jobId === jobId && e.type === 'result')).toBe(false);
    expect(memoryMs).toBeLessThan(1000);
    expect(cancelMs).toBeLessThan(1000);
    expect(delay.percentile(99) / 1e6).toBeLessThan(250);
  }, 90_000);
});
