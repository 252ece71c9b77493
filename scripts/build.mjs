#!/usr/bin/env node
// Builds what is not run from source: Electron main + preload (esbuild, CommonJS) and the renderer
// (vite, when renderer/vite.config.ts exists). Node code (CLI, engine, web host) runs through tsx.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' }),
  // A sandboxed preload may require only 'electron'; everything else is bundled in.
  build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs' }),
]);
console.log(`built dist/main/main.cjs and dist/main/preload.cjs`);

if (existsSync(new URL('../renderer/vite.config.ts', import.meta.url))) {
  const vite = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) process.exit(vite.status ?? 1);
  console.log('built dist/renderer');
}
console.log(`build finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
