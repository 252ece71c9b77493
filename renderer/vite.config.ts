import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = fileURLToPath(new URL('.', import.meta.url));

/** One build for both hosts: Electron's app:// protocol and the local web host (hence the relative base). */
export default defineConfig({
  root: here,
  base: './',
  publicDir: fileURLToPath(new URL('../assets', import.meta.url)),
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Inline assets would become data: URLs for scripts/fonts, which the CSP forbids.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    // The app, and the page a browser-mode tab without the access token is sent to.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        access: fileURLToPath(new URL('access.html', import.meta.url)),
      },
    },
  },
  server: { port: 5173, strictPort: true },
});
