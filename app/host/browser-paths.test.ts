import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { BROWSER_PATH_REFUSAL, grantedPaths, noPaths, PathGrants, pathsIn } from '../api/path-policy.js';
import { validateArgs } from '../api/validate.js';
import { Engine } from '../engine/engine.js';
import type { EngineTasks } from '../engine/tasks.js';
import { startWebHost, type WebHost } from './web-host.js';
import { exportImage } from '../tasks/export.js';
import { hostClient, type HostClient } from '../../tests/fixtures/host-client.js';

const TOKEN = 'paths-token-1234';
let root: string;
let engine: Engine;
let host: WebHost;
let client: HostClient;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-paths-'));
  await mkdir(join(root, 'a-folder'));
  await sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } })
    .png()
    .toFile(join(root, 'real.png'));
  await writeFile(join(root, 'victim.txt'), 'keep me');
  engine = await Engine.create({
    models: {
      builtinDir: join(root, 'builtin'),
      userDir: join(root, 'user'),
      settingsPath: join(root, 's.json'),
    },
    // Export is the only task these tests run; it needs no model.
    loadTasks: async () => ({ exportImage }) as unknown as EngineTasks,
    backend: 'cpu',
    paths: noPaths,
    sessionDir: join(root, 'session'),
  });
  host = await startWebHost({ engine, staticDir: join(root, 'none'), token: TOKEN });
  client = hostClient(host, TOKEN);
});
afterAll(async () => {
  await host.close();
  await engine.dispose();
});

const errorOf = async (reply: Promise<{ status: number; body: string }>) => {
  const { status, body } = await reply;
  return { status, error: (JSON.parse(body) as { error?: unknown }).error };
};

describe('one path policy', () => {
  it('finds every path a call names, and only those', () => {
    expect(pathsIn('openImage', { kind: 'path', path: '/a.png' })).toEqual([{ use: 'open', path: '/a.png' }]);
    expect(pathsIn('openImage', { kind: 'bytes', name: '/a.png', dataBase64: '' })).toEqual([]);
    expect(pathsIn('fineTune', { folder: '/p' })).toEqual([{ use: 'folder', path: '/p' }]);
    expect(pathsIn('fineTune', { imageIds: ['img_abcdef'] })).toEqual([]);
    expect(pathsIn('exportImage', { imageId: 'img_abcdef', path: '/x.png' })).toEqual([
      { use: 'export', path: '/x.png' },
    ]);
    expect(pathsIn('exportImage', { imageId: 'img_abcdef' })).toEqual([]);
    expect(pathsIn('listModels', null)).toEqual([]);
  });

  it('Electron grants: reads as often as granted, an export path once', () => {
    const read = new PathGrants();
    const save = new PathGrants();
    const policy = grantedPaths(read, save);
    expect(() => policy.check('openImage', 'open', '/p.png')).toThrow(ApiError);
    read.grant('/p.png');
    save.grant('/out.png');
    policy.check('openImage', 'open', '/p.png');
    policy.check('openImage', 'open', '/p.png');
    policy.check('exportImage', 'export', '/out.png');
    expect(() => policy.check('exportImage', 'export', '/out.png')).toThrow(/save dialog/);
    expect(() => policy.check('fineTune', 'folder', '/p.png')).not.toThrow();
  });

  it('browser mode: a path is refused with the same answer whether it exists, is a folder or is missing', async () => {
    const open = (path: string) => errorOf(client.call('openImage', { kind: 'path', path }));
    const answers = await Promise.all(
      [join(root, 'real.png'), join(root, 'a-folder'), join(root, 'missing.png'), '/etc/passwd'].map(open),
    );
    const refused = {
      status: 400,
      error: { code: 'INVALID_ARGUMENT', message: `openImage: ${BROWSER_PATH_REFUSAL}` },
    };
    for (const answer of answers) expect(answer).toEqual(refused);
    const fineTune = await errorOf(client.call('fineTune', { folder: root, fromModel: 'photo', name: 'x' }));
    expect(fineTune).toEqual({
      ...refused,
      error: { ...refused.error, message: `fineTune: ${BROWSER_PATH_REFUSAL}` },
    });
  });

  it('browser mode: an export to a path is refused and the file is untouched; without one the bytes come back', async () => {
    const png = await readFile(join(root, 'real.png'));
    const opened = await client.call('openImage', {
      kind: 'bytes',
      name: 'real.png',
      dataBase64: png.toString('base64'),
    });
    const { id } = (JSON.parse(opened.body) as { result: { id: string } }).result;
    const victim = join(root, 'victim.txt');
    const refused = await errorOf(
      client.call('exportImage', { imageId: id, format: 'jpeg', path: victim, overwrite: true }),
    );
    expect(refused.status).toBe(400);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    const exported = JSON.parse((await client.call('exportImage', { imageId: id, format: 'webp' })).body) as {
      result: { dataBase64: string; bytes: number; path?: string };
    };
    expect(exported.result.path).toBeUndefined();
    const bytes = Buffer.from(exported.result.dataBase64, 'base64');
    expect(bytes.length).toBe(exported.result.bytes);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 8, height: 6 });
    // The encoded copy was written inside the session folder and removed again.
    expect((await readdir(join(root, 'session'))).filter((f) => f.startsWith('job-'))).toEqual([]);
  });

  it('the browser-mode engine refuses paths itself, even from a caller that skipped the host', async () => {
    await expect(
      engine.call('openImage', { kind: 'path', path: join(root, 'real.png') }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `openImage: ${BROWSER_PATH_REFUSAL}`,
    });
  });

  it('fine-tuning takes uploaded photos or a folder, exactly one', () => {
    const base = { fromModel: 'photo', name: 'mine' };
    expect(validateArgs('fineTune', { ...base, imageIds: ['img_abcdef'] })).toMatchObject({ steps: 300 });
    expect(() => validateArgs('fineTune', base)).toThrow(/either a folder or imageIds/);
    expect(() => validateArgs('fineTune', { ...base, folder: '/p', imageIds: ['img_abcdef'] })).toThrow(
      /either a folder or imageIds/,
    );
    expect(() => validateArgs('fineTune', { ...base, imageIds: [] })).toThrow(/imageIds/);
  });
});
