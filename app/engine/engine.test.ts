import { cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiEvent,
  ExportResult,
  ImageInfo,
  JobEndEvent,
  JobOutput,
  JobStarted,
} from '../api/contract.js';
import type { Engine } from './engine.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';

let engine: Engine;
let root: string;
let photo: ImageInfo;
const events: ApiEvent[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-engine-'));
  const tiny = await writeTinyImageModel(16);
  await cp(tiny.dir, join(root, 'builtin', 'tiny'), { recursive: true });
  engine = await engineWithTasks(root);
  engine.onEvent((event) => events.push(event));
  await engine.call('selectModel', { id: 'tiny' });
  const pixels = Buffer.alloc(24 * 18 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
  const png = await sharp(pixels, { raw: { width: 24, height: 18, channels: 3 } })
    .png()
    .toBuffer();
  photo = (await engine.call('openImage', {
    kind: 'bytes',
    name: 'photo.png',
    dataBase64: png.toString('base64'),
  })) as ImageInfo;
});
afterAll(() => engine.dispose());

/** Resolves with the job's one final event. */
function finished(jobId: string): Promise<JobEndEvent> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const end = events.find((e): e is JobEndEvent => 'jobId' in e && e.jobId === jobId);
      if (end) resolve(end);
      return Boolean(end);
    };
    if (check()) return;
    const stop = engine.onEvent(() => {
      if (check()) stop();
    });
  });
}

async function output(jobId: string): Promise<JobOutput> {
  const end = await finished(jobId);
  if (end.type === 'error') throw new Error(`${end.error.code}: ${end.error.message}`);
  return end.output;
}

describe('Engine with the real tasks', () => {
  it('upscales an opened image as a job with progress, registering the result as a new image', async () => {
    const { jobId } = (await engine.call('upscale', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 2 },
    })) as JobStarted;
    const out = await output(jobId);
    if (out.kind !== 'upscale') throw new Error('expected an upscale output');
    expect([out.image.width, out.image.height]).toEqual([48, 36]);
    expect(out.image.name).toBe('photo-upscaled.png');
    const progress = events.filter((e) => e.type === 'progress' && e.progress.jobId === jobId);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const preview = (await engine.call('imagePreview', { id: out.image.id, maxSide: 24 })) as {
      width: number;
      height: number;
    };
    expect([preview.width, preview.height]).toEqual([24, 18]);
  });

  it('inpaints: k samples, the mean and the uncertainty map, all the input size', async () => {
    const mask = { kind: 'shapes', shapes: [{ kind: 'rect', x: 8, y: 6, width: 6, height: 5 }] };
    const { jobId } = (await engine.call('inpaint', {
      imageId: photo.id,
      mask,
      samples: 2,
      seed: 7,
    })) as JobStarted;
    const out = await output(jobId);
    if (out.kind !== 'inpaint') throw new Error('expected an inpaint output');
    expect(out.samples).toHaveLength(2);
    for (const image of [...out.samples, out.mean, out.uncertainty])
      expect([image.width, image.height]).toEqual([24, 18]);
    expect(out.uncertaintyMax).toBeGreaterThan(0);
  });

  it('exports to a path, refuses to overwrite it, and returns bytes when no path is given', async () => {
    const path = join(root, 'out.jpg');
    const saved = (await engine.call('exportImage', {
      imageId: photo.id,
      format: 'jpeg',
      path,
    })) as ExportResult;
    expect(saved).toEqual({ path, bytes: (await readFile(path)).length });
    await expect(
      engine.call('exportImage', { imageId: photo.id, format: 'jpeg', path }),
    ).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    const download = (await engine.call('exportImage', {
      imageId: photo.id,
      format: 'webp',
    })) as ExportResult;
    const bytes = Buffer.from(download.dataBase64!, 'base64');
    expect(download.path).toBeUndefined();
    expect(bytes.length).toBe(download.bytes);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 24, height: 18 });
  });

  it('cancels a running job: one CANCELLED error, no result', async () => {
    const { jobId } = (await engine.call('upscale', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 16 },
      // A ×16 is past the memory estimate's limit (its tiles' targets grow with the scale's square).
      confirm: true,
    })) as JobStarted;
    await new Promise<void>((resolve) => {
      const stop = engine.onEvent((e) => {
        if (e.type === 'progress' && e.progress.jobId === jobId && e.progress.message !== 'queued') {
          stop();
          resolve();
        }
      });
    });
    expect(await engine.call('cancel', { jobId })).toEqual({ cancelled: true });
    expect(await finished(jobId)).toEqual({
      type: 'error',
      jobId,
      error: { code: 'CANCELLED', message: 'the job was cancelled' },
    });
    expect(events.filter((e) => e.type === 'result' && e.jobId === jobId)).toEqual([]);
  });

  it('removes each job folder with its job: the session holds the manifest and the open images', async () => {
    // Upscales, completions, previews and downloads above (one cancelled) have ended by now.
    await engine.call('upscaleRegion', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 2 },
      region: { x: 0, y: 0, width: 8, height: 8 },
    });
    const files = await readdir(engine.sessionDir);
    expect(files.filter((f) => f.startsWith('job-'))).toEqual([]);
    const ids = files.map((f) => /^(img_[\w-]{12})-/.exec(f)?.[1]).filter((id) => id !== undefined);
    expect(files.length).toBe(ids.length + 1);
    expect(files).toContain('session.json');
    for (const id of ids) expect((await engine.call('imageInfo', { id })) as ImageInfo).toMatchObject({ id });
  });

  it('refuses a job past the cost limits until it is confirmed', async () => {
    const wide = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#abc' } })
      .png()
      .toBuffer();
    const big = (await engine.call('openImage', {
      kind: 'bytes',
      name: 'wide.png',
      dataBase64: wide.toString('base64'),
    })) as ImageInfo;
    const args = { imageId: big.id, size: { kind: 'scale', scale: 1 } };
    await expect(engine.call('upscale', args)).rejects.toMatchObject({
      code: 'NEEDS_CONFIRMATION',
      message: expect.stringMatching(/^this upscale to 6000×6000 would need .* model tiles, past the limits/),
    });
    const { jobId } = (await engine.call('upscale', { ...args, confirm: true })) as JobStarted;
    await engine.call('cancel', { jobId });
    expect(await finished(jobId)).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    // A mask too costly to draw is refused by the call itself, before any job exists.
    const stroke = {
      kind: 'stroke',
      points: Array.from({ length: 10_000 }, (_, i) => [i % 6000, 3000]),
      radius: 4096,
    };
    await expect(
      engine.call('inpaint', { imageId: big.id, mask: { kind: 'shapes', shapes: [stroke] } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/too many or too wide/),
    });
    await engine.call('closeImage', { id: big.id });
  });

  it('fine-tunes the selected model on a photo folder into a new user model', async () => {
    const folder = join(root, 'photos');
    await mkdir(folder);
    for (let i = 0; i < 3; i++) {
      const background = { r: 40 * i, g: 200 - 30 * i, b: 90 };
      await sharp({ create: { width: 48, height: 40, channels: 3, background } })
        .jpeg()
        .toFile(join(folder, `p${i}.jpg`));
    }
    // Named by its task, the source is the model that does the task now: the selected one here.
    const { jobId } = (await engine.call('fineTune', {
      folder,
      task: 'inpaint',
      name: 'garden',
      steps: 2,
    })) as JobStarted;
    const out = await output(jobId);
    if (out.kind !== 'fineTune') throw new Error('expected a fine-tune output');
    expect(out.model).toMatchObject({ id: 'garden', builtin: false, selected: false });
    expect(out.model.card).toContain("Fine-tuned from 'tiny'");
    expect(Number.isFinite(out.heldOutNllBefore) && Number.isFinite(out.heldOutNllAfter)).toBe(true);
    const models = (await engine.call('listModels', {})) as { id: string; builtin: boolean }[];
    expect(models.map((m) => [m.id, m.builtin])).toEqual([
      ['tiny', true],
      ['garden', false],
    ]);
    const again = (await engine.call('fineTune', {
      folder,
      fromModel: 'tiny',
      name: 'garden',
      steps: 2,
    })) as JobStarted;
    expect(await finished(again.jobId)).toMatchObject({ type: 'error', error: { code: 'FILE_EXISTS' } });
  });

  it('keeps a paused fine-tune of uploaded photos for a page that comes back, and resumes it', async () => {
    const uploads: string[] = [];
    for (let i = 0; i < 3; i++) {
      const background = { r: 60 * i, g: 90, b: 200 - 50 * i };
      const jpeg = await sharp({ create: { width: 48, height: 40, channels: 3, background } })
        .jpeg()
        .toBuffer();
      const opened = (await engine.call('openImage', {
        kind: 'bytes',
        name: `u${i}.jpg`,
        dataBase64: jpeg.toString('base64'),
      })) as ImageInfo;
      uploads.push(opened.id);
    }
    const run = { fromModel: 'tiny', name: 'pond' };
    const { jobId } = (await engine.call('fineTune', { ...run, imageIds: uploads, steps: 30 })) as JobStarted;
    const stop = engine.onEvent((e) => {
      if (e.type === 'progress' && e.progress.jobId === jobId && e.progress.metrics) {
        stop();
        void engine.call('pause', { jobId });
      }
    });
    const paused = await output(jobId);
    expect(paused).toMatchObject({ kind: 'fineTunePaused', name: 'pond', steps: 30 });
    // The page is reloaded: it has no job, only the engine's word for what is paused.
    for (const id of uploads) await engine.call('closeImage', { id });
    expect(await engine.call('pausedFineTunes', {})).toEqual([paused]);
    const resumed = (await engine.call('fineTune', { ...run, resume: true })) as JobStarted;
    expect(await output(resumed.jobId)).toMatchObject({ kind: 'fineTune', model: { id: 'pond' } });
    expect(await engine.call('pausedFineTunes', {})).toEqual([]);
    expect((await readdir(join(root, 'user'))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('reports the engine and validates every call', async () => {
    const info = (await engine.call('engineInfo', {})) as { backend: string; workers: number };
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend);
    await expect(
      engine.call('upscale', { imageId: photo.id, size: { kind: 'scale', scale: 17 } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      engine.call('inpaint', { imageId: photo.id, mask: { kind: 'shapes', shapes: [] } }),
    ).rejects.toThrow('inpaint: mask.shapes mask has no shapes');
    expect(await engine.call('closeImage', { id: photo.id })).toEqual({ closed: true });
    await expect(engine.call('imageInfo', { id: photo.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
