import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const electronMissing = (() => {
  try {
    createRequire(import.meta.url)('electron');
    return false;
  } catch {
    return true;
  }
})();

const script = new URL('../../scripts/start.mjs', import.meta.url).pathname;

describe('npm start without the Electron binary', () => {
  it.skipIf(!electronMissing)('says so in one line and serves the app in browser mode', async () => {
    const child = spawn(process.execPath, [script, '--no-open', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`start.mjs exited (${code}) before serving: ${stderr}`)));
    });
    try {
      expect(stderr).toMatch(
        /^Electron is not available \(Electron failed to install correctly[^\n]*\); starting ANP Studio in browser mode instead\.\n$/,
      );
      const { origin, hash } = new URL(url);
      const reply = await fetch(`${origin}/api/call/engineInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-anp-token': hash.slice('#token='.length) },
        body: '{}',
      });
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { result: { workers: number } }).result.workers).toBeGreaterThanOrEqual(
        1,
      );
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    expect(child.exitCode).toBe(0);
  });
});
