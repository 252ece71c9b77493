import * as fs from 'node:fs';
import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_PENDING_UPLOAD_BYTES, MAX_PENDING_UPLOADS } from '../api/limits.js';
import { noPaths } from '../api/path-policy.js';
import { Engine } from '../engine/engine.js';
import { receiveUpload } from './upload.js';
import { startWebHost, type WebHost } from './web-host.js';
import { hostClient, type HostClient } from '../../tests/fixtures/host-client.js';

// createWriteStream can be made to fail as a full disk does (ENOSPC), once.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return { ...real, createWriteStream: vi.fn(real.createWriteStream) };
});

const TOKEN = 'upload-token-123';
let sessionDir: string;
let engine: Engine;
let host: WebHost;
let client: HostClient;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-upload-'));
  sessionDir = join(root, 'session');
  engine = await Engine.create({
    models: { builtinDir: join(root, 'b'), userDir: join(root, 'u'), settingsPath: join(root, 's.json') },
    loadTasks: () => Promise.reject(new Error('no jobs here')),
    backend: 'cpu',
    paths: noPaths,
    sessionDir,
  });
  host = await startWebHost({ engine, staticDir: join(root, 'none'), token: TOKEN, uploadDir: sessionDir });
  client = hostClient(host, TOKEN);
});
afterAll(async () => {
  await host.close();
  await engine.dispose();
});

/** POSTs `chunks` to /api/upload one at a time, waiting for the socket to drain between them. */
function upload(
  chunks: Iterable<Buffer>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: '/api/upload',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${host.port}`,
          'content-type': 'application/octet-stream',
          'x-anp-token': TOKEN,
          ...headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    Readable.from(chunks).pipe(req);
  });
}

const sessionFiles = async () => (await readdir(sessionDir)).filter((f) => f !== 'session.json');

describe('streamed uploads', () => {
  it('a file streamed to /api/upload opens by its upload id, once', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#147' } })
      .png()
      .toBuffer();
    const reply = await upload([png.subarray(0, 100), png.subarray(100)]);
    expect(reply.status).toBe(200);
    const { result } = JSON.parse(reply.body) as { result: { uploadId: string; bytes: number } };
    expect(result.bytes).toBe(png.length);
    const opened = JSON.parse(
      (await client.call('openImage', { kind: 'upload', uploadId: result.uploadId, name: 'blue.png' })).body,
    ) as { ok: boolean; result: { id: string; name: string; width: number } };
    expect(opened).toMatchObject({ ok: true, result: { name: 'blue.png', width: 300 } });
    const again = await client.call('openImage', {
      kind: 'upload',
      uploadId: result.uploadId,
      name: 'x.png',
    });
    expect(again.status).toBe(404);
    expect(await sessionFiles()).toEqual([
      expect.stringMatching(new RegExp(`^${opened.result.id}-blue\\.png$`)),
    ]);
    await client.call('closeImage', { id: opened.result.id });
  });

  it('needs the token and the octet-stream type; a declared size past the limit is refused at once', async () => {
    expect((await upload([Buffer.from('x')], { 'x-anp-token': 'wrong-token-99' })).status).toBe(401);
    expect((await upload([Buffer.from('x')], { 'content-type': 'application/json' })).status).toBe(415);
    const huge = await upload([Buffer.from('x')], { 'content-length': String(201 * 1024 * 1024) }).catch(
      () => ({ status: 413, body: '' }),
    );
    expect(huge.status).toBe(413);
    expect(await sessionFiles()).toEqual([]);
  });

  it('a body that grows past the limit is cut off and its partial file removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-upload-limit-'));
    const body = Object.assign(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { headers: {} });
    await expect(receiveUpload(body as unknown as IncomingMessage, dir, 1000)).rejects.toMatchObject({
      status: 413,
      message: expect.stringMatching(/larger than the .* MB upload limit/),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('the host holds a chunk at a time, not the file: 96 MB in 64 KB chunks', async () => {
    const chunk = 64 * 1024;
    const total = 96 * 1024 * 1024;
    function* chunks() {
      for (let sent = 0; sent < total; sent += chunk) yield Buffer.alloc(chunk, sent / chunk);
    }
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const reply = await upload(chunks());
    clearInterval(sampler);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, result: { bytes: total } });
    // Buffered, the file alone would add 96 MB. Streamed, what is counted is chunks in flight on both
    // sides of the socket and the ones the collector has not freed yet (about 30 MB here).
    expect((peak - before) / 1024 ** 2).toBeLessThan(64);
  });

  it(`at most ${MAX_PENDING_UPLOADS} uploads wait to be opened, ${MAX_PENDING_UPLOAD_BYTES / 1024 ** 3} GB in all; then one clear refusal`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-upload-count-'));
    const send = (bytes: number) =>
      receiveUpload(Object.assign(Readable.from([Buffer.alloc(bytes)]), { headers: {} }) as never, dir, 1000);
    const sent = [];
    for (let i = 0; i < MAX_PENDING_UPLOADS; i++) sent.push(await send(10));
    await expect(send(10)).rejects.toMatchObject({
      status: 429,
      shape: {
        code: 'INVALID_ARGUMENT',
        message: `${MAX_PENDING_UPLOADS} uploads (0 MB) are waiting to be opened; the host keeps at most ${MAX_PENDING_UPLOADS} (1 GB in all): open them, then send more`,
      },
    });
    // Opening one (the engine moves it away) makes room for the next.
    await rm(join(dir, sent[0]!.uploadId));
    await expect(send(10)).resolves.toMatchObject({ bytes: 10 });

    const bytesDir = await mkdtemp(join(tmpdir(), 'anp-upload-bytes-'));
    const waiting = join(bytesDir, 'upload-AAAAAAAAAAAAAAAAAAAAAA');
    await writeFile(waiting, '');
    await truncate(waiting, MAX_PENDING_UPLOAD_BYTES - 500); // sparse: no disk used
    const body = Object.assign(Readable.from([Buffer.alloc(600)]), { headers: {} });
    await expect(receiveUpload(body as never, bytesDir, 1000)).rejects.toMatchObject({ status: 429 });
    expect(await readdir(bytesDir)).toEqual(['upload-AAAAAAAAAAAAAAAAAAAAAA']);
  });

  it('a full disk during an upload is the clear IO_ERROR (ENOSPC), without the session path', async () => {
    vi.mocked(fs.createWriteStream).mockImplementationOnce((path) => {
      void writeFile(path as string, ''); // the part file exists, as a real stream's would
      return new Writable({
        write(_chunk, _encoding, done) {
          done(Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' }));
        },
      }) as fs.WriteStream;
    });
    const reply = await upload([Buffer.alloc(1000)]);
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({
      ok: false,
      error: { code: 'IO_ERROR', message: 'the upload cannot be stored: the disk is full' },
    });
    expect((await sessionFiles()).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
