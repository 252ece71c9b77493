import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles Svelte runes in the renderer's .svelte.ts stores; other files pass through untouched.
  plugins: [svelte({ configFile: false })],
  test: {
    // Tests sit beside the code they test; tests/repo holds the checks of the repository as a whole
    // (tests/repo/test-layout.test.ts keeps it that way).
    include: [
      'models/**/*.test.ts',
      'app/**/*.test.ts',
      'research/**/*.test.ts',
      'main/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/repo/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
