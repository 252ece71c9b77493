import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../api/contract.js';
import type { Engine } from '../engine/engine.js';
import { engineWithoutTasks } from '../../tests/fixtures/test-engines.js';
import { hostClient, type HostClient } from '../../tests/fixtures/host-client.js';
import { startWebHost, type WebHost } from './web-host.js';

const TOKEN = 'test-token-123';
let host: WebHost;
let engine: Engine;
const listeners = new Set<(event: ApiEvent) => void>();

let send: HostClient['send'];
let call: HostClient['call'];

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'anp-host-'));
  const staticDir = join(root, 'renderer');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>ANP Studio</title>');
  await writeFile(join(root, 'secret.txt'), 'outside the static folder');
  // A link out of the served folder is refused; one to a file inside it is served.
  await symlink(join(root, 'secret.txt'), join(staticDir, 'leak.txt'));
  await symlink(join(staticDir, 'index.html'), join(staticDir, 'inside.html'));
  engine = await engineWithoutTasks(root);
  // The real engine answers calls; events are injected so the test decides exactly what streams.
  const relay = {
    call: (method: string, args: unknown) => engine.call(method, args),
    onEvent: (listener: (event: ApiEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  host = await startWebHost({ engine: relay, staticDir, token: TOKEN, port: 0 });
  ({ send, call } = hostClient(host, TOKEN));
});
afterAll(async () => {
  await host.close();
  await engine.dispose();
});

describe('web host', () => {
  it('listens on loopback and prints the token in the URL hash', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ANP Studio</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('/../secret.txt')).status).toBe(404);
    expect((await send('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await send('/leak.txt')).status).toBe(404);
    expect((await send('/inside.html')).status).toBe(200);
  });

  it('a real call works: open uploaded bytes, then preview them', async () => {
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const opened = await call('openImage', {
      kind: 'bytes',
      name: 'green.png',
      dataBase64: png.toString('base64'),
    });
    expect(opened.status).toBe(200);
    const info = (
      JSON.parse(opened.body) as { ok: true; result: { id: string; width: number; height: number } }
    ).result;
    expect([info.width, info.height]).toEqual([40, 20]);
    const preview = JSON.parse((await call('imagePreview', { id: info.id, maxSide: 16 })).body) as {
      ok: boolean;
      result: { width: number; height: number };
    };
    expect(preview).toMatchObject({ ok: true, result: { width: 16, height: 8 } });
  });

  it('bad arguments are HTTP 400 with the error code and message', async () => {
    const reply = await call('imagePreview', { id: 'nope' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'imagePreview: id must be an image id (img_…)' },
    });
    const missing = await call('imageInfo', { id: 'img_abcdefgh' });
    expect(missing.status).toBe(404);
    expect((await call('noSuchMethod', {})).status).toBe(400);
  });

  it('refuses a foreign Origin, a foreign Host, and a missing or wrong token', async () => {
    expect((await call('listModels', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('listModels', {}, { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await call('listModels', {}, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await send('/', { headers: { host: 'rebind.example' } })).status).toBe(403);
    expect((await call('listModels', {}, { 'x-anp-token': '' })).status).toBe(401);
    expect((await call('listModels', {}, { 'x-anp-token': 'wrong-token-12' })).status).toBe(401);
    expect((await send('/api/events?token=wrong')).status).toBe(401);
    expect((await call('listModels', {}, { origin: `http://localhost:${host.port}` })).status).toBe(200);
  });

  it('sends a tab that opens an API address without the token to the access page', async () => {
    const navigations: Record<string, string>[] = [
      { accept: 'text/html,*/*;q=0.8' },
      { 'sec-fetch-dest': 'document' },
    ];
    for (const headers of navigations) {
      const page = await send('/api/events', { headers });
      expect([page.status, page.headers.location, page.body]).toEqual([303, '/access.html', '']);
    }
    // The app's own requests keep their JSON refusal.
    expect((await send('/api/events', { headers: { accept: 'text/event-stream' } })).status).toBe(401);
  });

  it('takes JSON only, by POST only', async () => {
    const form = await send('/api/call/listModels', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-anp-token': TOKEN },
      body: '{}',
    });
    expect(form.status).toBe(415);
    expect((await send('/api/call/listModels', { headers: { 'x-anp-token': TOKEN } })).status).toBe(405);
    const broken = await send('/api/call/listModels', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-anp-token': TOKEN },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const small = await startWebHost({ engine, staticDir: '/nonexistent', token: TOKEN, maxBodyBytes: 64 });
    try {
      const reply = await fetch(`${small.origin}/api/call/listModels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-anp-token': TOKEN },
        body: JSON.stringify({ padding: 'x'.repeat(100) }),
      });
      expect(reply.status).toBe(413);
      const ok = await fetch(`${small.origin}/api/call/listModels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-anp-token': TOKEN },
        body: '{}',
      });
      expect(await ok.json()).toEqual({ ok: true, result: [] });
      expect((await fetch(`${small.origin}/`)).status).toBe(404);
    } finally {
      await small.close();
    }
  });

  it('streams engine events over SSE, numbered, and replays what a reconnecting client missed', async () => {
    const event = (n: number): ApiEvent => ({
      type: 'error',
      jobId: `job_abcdef${n}`,
      error: { code: 'CANCELLED', message: 'the job was cancelled' },
    });
    const emit = (e: ApiEvent): void => listeners.forEach((listener) => listener(e));
    /** Connects, runs `whenConnected`, and returns the first `count` messages after the greeting. */
    const read = async (headers: Record<string, string>, count: number, whenConnected = (): void => {}) => {
      const response = await fetch(`${host.origin}/api/events?token=${TOKEN}`, { headers });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      if (text.startsWith(': connected\n\n')) text = text.slice(': connected\n\n'.length);
      whenConnected();
      while (text.split('\n\n').length <= count)
        text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return text.split('\n\n').slice(0, count);
    };
    const first = await read({}, 1, () => emit(event(1)));
    expect(first).toEqual([`id: 1\ndata: ${JSON.stringify(event(1))}`]);
    emit(event(2));
    emit(event(3));
    const replayed = await read({ 'last-event-id': '1' }, 2);
    expect(replayed).toEqual([
      `id: 2\ndata: ${JSON.stringify(event(2))}`,
      `id: 3\ndata: ${JSON.stringify(event(3))}`,
    ]);
  });
});
