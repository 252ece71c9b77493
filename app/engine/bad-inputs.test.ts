/**
 * Bad input through every door: each file of the table uploaded over the web host, opened through
 * main's IPC handler (as a picked path) and shown by `anp info`; then malformed and hostile arguments
 * through the host and IPC. Every answer is a clear error code, or the file opens; nothing crashes.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { noPaths } from '../api/path-policy.js';
import { runCli } from '../cli/main.js';
import { Engine } from './engine.js';
import { startWebHost, type WebHost } from '../host/web-host.js';
import { createCallHandler, PathGrants } from '../../main/ipc-validation.js';
import { BAD_FILES } from '../../tests/fixtures/bad-inputs.js';
import { hostClient, type HostClient } from '../../tests/fixtures/host-client.js';

const TOKEN = 'bad-inputs-token';
let root: string;
let browserEngine: Engine;
let electronEngine: Engine;
let host: WebHost;
let client: HostClient;
const read = new PathGrants();
let ipc: ReturnType<typeof createCallHandler>;
const fromApp = { senderFrame: { url: 'app://anp/index.html' } };

const engineIn = (dir: string, browser: boolean) =>
  Engine.create({
    models: {
      builtinDir: join(dir, 'builtin'),
      userDir: join(dir, 'user'),
      settingsPath: join(dir, 's.json'),
    },
    loadTasks: () => Promise.reject(new Error('these tests run no jobs')),
    backend: 'cpu',
    ...(browser ? { paths: noPaths } : {}),
  });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-bad-'));
  await mkdir(join(root, 'files'));
  browserEngine = await engineIn(join(root, 'browser'), true);
  electronEngine = await engineIn(join(root, 'electron'), false);
  host = await startWebHost({ engine: browserEngine, staticDir: join(root, 'none'), token: TOKEN });
  client = hostClient(host, TOKEN);
  ipc = createCallHandler(electronEngine, { read, save: new PathGrants() });
});
afterAll(async () => {
  await host.close();
  await browserEngine.dispose();
  await electronEngine.dispose();
});
afterEach(() => vi.restoreAllMocks());

const outcome = (ok: boolean, error?: { code: string }) => (ok ? 'ok' : (error?.code ?? 'no code'));

describe(`${BAD_FILES.length} kinds of bad file`, () => {
  for (const file of BAD_FILES) {
    it(`${file.name}: ${file.expect} through the web host, IPC and anp info`, async () => {
      const bytes = await file.bytes();
      const reply = await client.call('openImage', {
        kind: 'bytes',
        name: file.fileName,
        dataBase64: bytes.toString('base64'),
      });
      const body = JSON.parse(reply.body) as {
        ok: boolean;
        result?: { name: string };
        error?: { code: string; message: string };
      };
      expect(outcome(body.ok, body.error)).toBe(file.expect);
      // An error names the file as the user did, never by its path in the session folder.
      expect(body.error?.message ?? '').not.toContain(tmpdir());
      if (body.ok) expect(body.result?.name).toBe(file.fileName.split('/').pop());

      const path = join(root, 'files', `${BAD_FILES.indexOf(file)}-${file.fileName.replaceAll('/', '_')}`);
      await writeFile(path, bytes);
      read.grant(path);
      const viaIpc = await ipc(fromApp, 'openImage', { kind: 'path', path });
      expect(outcome(viaIpc.ok, viaIpc.ok ? undefined : viaIpc.error)).toBe(file.expect);
      if (!viaIpc.ok) expect(viaIpc.error.message).not.toContain(tmpdir());

      const stderr: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
      const code = await runCli(['info', path]);
      expect(code).toBe(file.expect === 'ok' ? 0 : 1);
      if (code) expect(stderr.join('')).toMatch(/^anp: [^\n]+\n$/);
    });
  }
});

const IMG = 'img_abcdefgh';
/** Calls that must be refused with INVALID_ARGUMENT (or NOT_FOUND) by both bindings, before any work. */
const BAD_CALLS: [string, string, unknown, string][] = [
  ['unknown method', 'rm', {}, 'INVALID_ARGUMENT'],
  ['prototype method', '__proto__', {}, 'INVALID_ARGUMENT'],
  ['args not an object', 'imageInfo', [1, 2], 'INVALID_ARGUMENT'],
  ['args a number', 'listModels', 7, 'INVALID_ARGUMENT'],
  ['unknown field', 'listModels', { x: 1 }, 'INVALID_ARGUMENT'],
  ['bad base64', 'openImage', { kind: 'bytes', name: 'a.png', dataBase64: '%%%' }, 'INVALID_ARGUMENT'],
  [
    'name over 255',
    'openImage',
    { kind: 'bytes', name: 'n'.repeat(256), dataBase64: '' },
    'INVALID_ARGUMENT',
  ],
  ['unknown open kind', 'openImage', { kind: 'url', url: 'http://x' }, 'INVALID_ARGUMENT'],
  ['id that is a path', 'imageInfo', { id: '../../etc/passwd' }, 'INVALID_ARGUMENT'],
  ['unknown image', 'imageInfo', { id: IMG }, 'NOT_FOUND'],
  ['preview side 0', 'imagePreview', { id: IMG, maxSide: 0 }, 'INVALID_ARGUMENT'],
  ['preview side 10⁹', 'imagePreview', { id: IMG, maxSide: 1e9 }, 'INVALID_ARGUMENT'],
  [
    'scale null (NaN in JSON)',
    'upscale',
    { imageId: IMG, size: { kind: 'scale', scale: null } },
    'INVALID_ARGUMENT',
  ],
  ['scale 1e308', 'upscale', { imageId: IMG, size: { kind: 'scale', scale: 1e308 } }, 'INVALID_ARGUMENT'],
  ['width 10⁶', 'upscale', { imageId: IMG, size: { kind: 'exact', width: 1e6 } }, 'INVALID_ARGUMENT'],
  [
    '9 samples',
    'inpaint',
    { imageId: IMG, mask: { kind: 'png', dataBase64: 'AA==' }, samples: 9 },
    'INVALID_ARGUMENT',
  ],
  [
    'mask without shapes',
    'inpaint',
    { imageId: IMG, mask: { kind: 'shapes', shapes: [] } },
    'INVALID_ARGUMENT',
  ],
  [
    'stroke radius 10⁵',
    'inpaint',
    { imageId: IMG, mask: { kind: 'shapes', shapes: [{ kind: 'stroke', points: [[1, 1]], radius: 1e5 }] } },
    'INVALID_ARGUMENT',
  ],
  ['export as BMP', 'exportImage', { imageId: IMG, format: 'bmp' }, 'INVALID_ARGUMENT'],
  ['quality 0', 'exportImage', { imageId: IMG, format: 'jpeg', quality: 0 }, 'INVALID_ARGUMENT'],
  ['model id with a slash', 'selectModel', { id: '../x' }, 'INVALID_ARGUMENT'],
  [
    'fine-tune on an unknown upload',
    'fineTune',
    { imageIds: [IMG], fromModel: 'photo', name: 'x' },
    'NOT_FOUND',
  ],
  ['cancel an unknown job', 'cancel', { jobId: 'job_abcdefgh' }, 'NOT_FOUND'],
];

describe(`${BAD_CALLS.length} kinds of bad call`, () => {
  for (const [name, method, args, code] of BAD_CALLS) {
    it(`${name}: ${code} from the web host and IPC`, async () => {
      const reply = JSON.parse((await client.call(method, args)).body) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(outcome(reply.ok, reply.error)).toBe(code);
      const viaIpc = await ipc(fromApp, method, args);
      expect(outcome(viaIpc.ok, viaIpc.ok ? undefined : viaIpc.error)).toBe(code);
    });
  }
});

/** The probe's deep JSON: 10 000 nested arrays, and objects nested as deep, at the top and in a field. */
const DEEP_BODIES: [string, string, string][] = [
  ['10 000 nested arrays', 'imageInfo', '['.repeat(10_000) + ']'.repeat(10_000)],
  ['10 000 nested objects', 'listModels', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  [
    'nested arrays in a field',
    'inpaint',
    `{"imageId":"${IMG}","mask":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  ],
];

describe('deep JSON', () => {
  for (const [name, method, body] of DEEP_BODIES) {
    it(`${name}: HTTP 400 INVALID_ARGUMENT from the web host and IPC, not a stack overflow`, async () => {
      const reply = await client.send(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-anp-token': TOKEN },
        body,
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: `${method}: the argument is nested deeper than 32 levels`,
        },
      });
      const viaIpc = await ipc(fromApp, method, JSON.parse(body));
      expect(outcome(viaIpc.ok, viaIpc.ok ? undefined : viaIpc.error)).toBe('INVALID_ARGUMENT');
    });
  }
});
