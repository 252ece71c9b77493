import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

const script = new URL('./start.mjs', import.meta.url).pathname;

/** Waits for the address the server prints; rejects if the process exits first. */
function servedUrl(child: ChildProcessWithoutNullStreams, stderr: () => string): Promise<string> {
  let stdout = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`start exited (${code}) before serving: ${stderr()}`)));
  });
}

describe('npm start without the Electron binary', () => {
  it.skipIf(!electronMissing)('says so in one line and serves the app in browser mode', async () => {
    const child = spawn(process.execPath, [script, '--no-open', '--port', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await servedUrl(child, () => stderr);
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

  it.skipIf(!electronMissing || process.platform === 'win32')(
    'stops its server when the shell npm ran it in is stopped (no orphan)',
    async () => {
      // npm runs `build && start` in a shell and signals that shell, which does not pass SIGTERM on.
      const shell = spawn('sh', ['-c', `"${process.execPath}" "${script}" --no-open --port 0; exit 0`], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const { origin, hash } = new URL(await servedUrl(shell, () => ''));
      shell.kill('SIGTERM');
      await once(shell, 'exit');
      const alive = () =>
        fetch(`${origin}/api/call/engineInfo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-anp-token': hash.slice('#token='.length) },
          body: '{}',
        }).then(
          () => true,
          () => false,
        );
      await expect.poll(alive, { timeout: 15_000 }).toBe(false);
    },
    60_000,
  );
});
