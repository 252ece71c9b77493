/**
 * Seeded fuzzing of every API call against the real engine: valid-looking arguments with one field
 * replaced by a random value, and arguments that are random JSON altogether. Every call must end
 * quickly with a result or an ApiError with a known code; INTERNAL (a crash) never.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchemas, type ApiMethod } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { noPaths } from '../api/path-policy.js';
import { Engine } from './engine.js';
import { mulberry32 } from '../../models/index.js';

const CASES_PER_METHOD = 1000;
const IMG = 'img_abcdefgh';
const TEMPLATES: Record<ApiMethod, Record<string, unknown>> = {
  openImage: { kind: 'bytes', name: 'a.png', dataBase64: 'iVBORw0KGgo=' },
  imageInfo: { id: IMG },
  imagePreview: { id: IMG, maxSide: 64 },
  closeImage: { id: IMG },
  inpaint: {
    imageId: IMG,
    mask: { kind: 'shapes', shapes: [{ kind: 'rect', x: 1, y: 1, width: 2, height: 2 }] },
  },
  upscale: { imageId: IMG, size: { kind: 'scale', scale: 2 } },
  estimateUpscale: { imageId: IMG, size: { kind: 'scale', scale: 2 } },
  upscaleRegion: {
    imageId: IMG,
    size: { kind: 'scale', scale: 2 },
    region: { x: 0, y: 0, width: 16, height: 16 },
  },
  fineTune: { imageIds: [IMG], fromModel: 'photo', name: 'mine', steps: 3 },
  cancel: { jobId: 'job_abcdefgh' },
  pause: { jobId: 'job_abcdefgh' },
  listModels: {},
  selectModel: { id: 'photo' },
  exportImage: { imageId: IMG, format: 'png' },
  engineInfo: {},
  pixelAttention: {
    imageId: IMG,
    mask: { kind: 'shapes', shapes: [{ kind: 'rect', x: 1, y: 1, width: 2, height: 2 }] },
    x: 1,
    y: 1,
  },
  engineMemory: {},
  scanFolder: { folder: '/tmp/photos' },
  pausedFineTunes: {},
};

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 8 : 11));
  const text = () =>
    Array.from({ length: Math.floor(next() * 12) }, () => '\0a/._-é%img_job_ '[Math.floor(next() * 17)]).join(
      '',
    );
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor((next() - 0.5) * 2 ** 40);
    case 3:
      return [Number.NaN, Infinity, -Infinity, -0, 1e308, 5e-324, 2 ** 53 + 1][Math.floor(next() * 7)];
    case 4:
      return (next() - 0.5) * 1e6;
    case 5:
      return text();
    case 6:
      return (
        'img_' +
        text()
          .replace(/[^A-Za-z0-9_-]/g, 'x')
          .padEnd(6, 'q')
      );
    case 7:
      return '';
    case 8:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    case 9:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, () => [text(), randomValue(next, depth + 1)]),
      );
    default:
      return { ...TEMPLATES.inpaint, [text()]: randomValue(next, depth + 1) };
  }
}

/** One field of the template replaced (or added, or removed), or nothing of it left at all. */
function mutate(next: () => number, template: Record<string, unknown>): unknown {
  const keys = Object.keys(template);
  const roll = next();
  if (roll < 0.15) return randomValue(next);
  const copy: Record<string, unknown> = { ...template };
  const key =
    keys.length && roll < 0.85 ? keys[Math.floor(next() * keys.length)]! : `extra${Math.floor(next() * 3)}`;
  if (roll > 0.95) delete copy[key];
  else copy[key] = randomValue(next);
  return copy;
}

let engine: Engine;
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-fuzz-'));
  engine = await Engine.create({
    models: {
      builtinDir: join(root, 'builtin'),
      userDir: join(root, 'user'),
      settingsPath: join(root, 's.json'),
    },
    loadTasks: () => Promise.reject(new Error('a fuzz case reached a task')),
    backend: 'cpu',
    paths: noPaths,
  });
});
afterAll(() => engine.dispose());

describe(`seeded fuzzing, ${CASES_PER_METHOD} cases per call`, () => {
  for (const method of Object.keys(apiSchemas) as ApiMethod[]) {
    it(`${method}: every case ends quickly in a result or a clear error`, async () => {
      const next = mulberry32(Object.keys(apiSchemas).indexOf(method) + 1);
      const codes = new Map<string, number>();
      let slowest = 0;
      for (let i = 0; i < CASES_PER_METHOD; i++) {
        const args = mutate(next, TEMPLATES[method]);
        const started = performance.now();
        const code = await engine.call(method, args).then(
          () => 'ok',
          (err: unknown) => (err instanceof ApiError ? err.code : `thrown ${String(err)}`),
        );
        slowest = Math.max(slowest, performance.now() - started);
        if (code === 'INTERNAL' || code.startsWith('thrown'))
          throw new Error(`case ${i} ${JSON.stringify(args)?.slice(0, 300)}: ${code}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      expect(slowest).toBeLessThan(2000);
      // Most mutations break the schema; the rest must reach the engine's own checks.
      expect(codes.get('INVALID_ARGUMENT') ?? 0).toBeGreaterThan(CASES_PER_METHOD / 4);
    });
  }
});
