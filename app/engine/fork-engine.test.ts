import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { EngineClient, ENGINE_BOOTSTRAP } from './engine-client.js';
import type { FromEngine } from './protocol.js';
import { forkEngine } from './fork-engine.js';

let client: EngineClient;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-proc-'));
  await mkdir(join(root, 'builtin', 'photo'), { recursive: true });
  await writeFile(
    join(root, 'builtin', 'photo', 'manifest.json'),
    JSON.stringify({ name: 'Photo', kind: 'anp' }),
  );
  await sharp({ create: { width: 12, height: 34, channels: 4, background: '#ff000080' } })
    .png()
    .toFile(join(root, 'a.png'));
  client = await forkEngine({
    ...process.env,
    ANP_HOME: join(root, 'home'),
    ANP_BUILTIN_MODELS: join(root, 'builtin'),
    ANP_BACKEND: 'cpu',
  });
});
afterAll(() => client.close());

describe('engine process', () => {
  it('answers calls from its own process, with the environment the parent gave it', async () => {
    expect(await client.call('listModels', {})).toEqual([
      {
        id: 'photo',
        name: 'Photo',
        kind: 'anp',
        builtin: true,
        selected: true,
        description: '',
        channels: expect.any(Number) as number,
        card: '',
        tasks: ['inpaint', 'upscale'],
        usedFor: ['inpaint', 'upscale'],
      },
    ]);
    expect(await client.call('engineInfo', {})).toMatchObject({ backend: 'cpu', fallbackReasons: [] });
    const info = (await client.call('openImage', { kind: 'path', path: join(root, 'a.png') })) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({ name: 'a.png', width: 12, height: 34, hasAlpha: true, channels: 4 });
  });

  it('refuses an argument too deep to send to the engine process (not a stack overflow)', async () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    await expect(client.call('imageInfo', deep)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'imageInfo: the argument is nested deeper than 32 levels',
    });
    expect(await client.call('listModels', {})).toHaveLength(1);
  });

  it('carries validation errors back as ApiErrors with their code', async () => {
    await expect(client.call('imageInfo', { id: 42 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      name: 'ApiError',
    });
    await expect(client.call('selectModel', { id: 'missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "no model named 'missing' is installed",
    });
  });

  it('answers concurrent calls each with its own reply', async () => {
    const replies = await Promise.all([
      client.call('listModels', {}),
      client.call('closeImage', { id: 'img_nothere1' }).catch((e: Error) => e.message),
      client.call('engineInfo', {}),
    ]);
    expect(replies[1]).toBe('no open image has the id img_nothere1');
    expect((replies[2] as { backend: string }).backend).toBe('cpu');
  });

  it('a call after the engine exits is refused, and close returns', async () => {
    const other = await forkEngine({
      ...process.env,
      ANP_HOME: join(root, 'home2'),
      ANP_BACKEND: 'cpu',
    });
    await other.close();
    await expect(other.call('listModels', {})).rejects.toThrow('the engine process stopped (exit code 0)');
  });

  it('an engine that dies mid-call fails the call and reports its exit', async () => {
    const entry = new URL(`./${ENGINE_BOOTSTRAP}`, import.meta.url);
    const child = fork(entry, [], {
      env: { ...process.env, ANP_HOME: join(root, 'home3'), ANP_BACKEND: 'cpu' },
    });
    const crashing = new EngineClient({
      // Sending to a process that is being killed may fail; the exit is what the client must notice.
      send: (message) => void child.send(message, () => undefined),
      onMessage: (listener) => child.on('message', (message) => listener(message as FromEngine)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
    });
    await crashing.ready;
    child.kill('SIGKILL');
    const call = crashing.call('engineInfo', {});
    await expect(call).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'the engine process stopped (exit code unknown)',
    });
    expect(await crashing.exited).toBeNull();
  });
});
