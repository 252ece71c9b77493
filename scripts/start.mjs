#!/usr/bin/env node
// `npm start`: the desktop app when Electron is installed; otherwise (e.g. installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1) one line saying so, then browser mode: engine + local web host.
// npm stops `npm start` by signalling the shell it ran this in, and the shell does not pass the signal
// on: when the parent goes away, this stops as if it had been signalled (no orphaned server).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();

function electronBinary() {
  try {
    return { path: createRequire(import.meta.url)('electron') };
  } catch (err) {
    return {
      reason: String(err instanceof Error ? err.message : err)
        .split('\n')[0]
        .trim(),
    };
  }
}

const electron = electronBinary();
if (electron.path) {
  const child = spawn(electron.path, ['.', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stderr.write(
    `Electron is not available (${electron.reason}); starting ANP Studio in browser mode instead.\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import(new URL('../app/cli/main.ts', import.meta.url).href);
  process.exit(await runCli(['serve', ...args]));
}
