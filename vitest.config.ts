import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles Svelte runes in the renderer's .svelte.ts stores; other files pass through untouched.
  plugins: [svelte({ configFile: false })],
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'models/**/*.test.ts',
      'app/**/*.test.ts',
      'main/**/*.test.ts',
      'renderer/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
