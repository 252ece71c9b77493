#!/usr/bin/env node
// Builds what is not run from source: Electron main + preload (esbuild, CommonJS) and the renderer
// (vite, when renderer/vite.config.ts exists). Node code (CLI, engine, web host) runs through tsx.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
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
  build({ ...common, entryPoints: ['main/compute-preload.ts'], outfile: 'dist/main/compute-preload.cjs' }),
]);
console.log(`built dist/main/main.cjs, preload.cjs and compute-preload.cjs`);

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

// The browser compute Worker (WebGPU, else wasm) and the wasm binaries it loads, served beside the
// renderer by both hosts, and Electron's hidden compute window around it; after vite, which empties
// dist/renderer.
const browser = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...browser, entryPoints: ['main/compute-page.ts'], outfile: 'dist/renderer/gpu/compute-page.js' }),
  build({
    ...browser,
    entryPoints: ['app/compute/webgpu/page-worker.ts'],
    outfile: 'dist/renderer/gpu/compute-worker.js',
  }),
]);
const wasmDist = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
mkdirSync(`${root}dist/renderer/gpu`, { recursive: true });
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
  copyFileSync(`${root}${wasmDist}${file}`, `${root}dist/renderer/gpu/${file}`);
}
copyFileSync(`${root}main/compute.html`, `${root}dist/renderer/gpu/compute.html`);
console.log('built dist/renderer/gpu');
console.log(`build finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
