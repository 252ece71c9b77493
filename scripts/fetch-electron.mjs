#!/usr/bin/env node
// postinstall: fetch Electron's binary where the network allows. package.json's allowScripts keeps
// npm from running Electron's own install script, whose failure (no access to its download host)
// would fail the whole install; here a failure is one line, and `npm start` falls back to browser mode.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const TIMEOUT_MS = 10 * 60 * 1000;

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
let installer;
try {
  installer = createRequire(import.meta.url).resolve('electron/install.js');
} catch {
  process.exit(0); // production install without devDependencies
}
const result = spawnSync(process.execPath, [installer], {
  stdio: ['ignore', 'inherit', 'pipe'],
  timeout: TIMEOUT_MS,
});
if (result.status !== 0) {
  const reason =
    String(result.stderr ?? result.error ?? 'unknown error')
      .split('\n')
      .find((line) => line.trim()) ?? `exit ${result.status}`;
  process.stderr.write(
    `anp-studio: Electron's binary could not be downloaded (${reason.trim()}); \`npm start\` will run in browser mode.\n`,
  );
}
