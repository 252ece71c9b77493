/**
 * One convention for where tests live: a Vitest test sits beside the code it tests (`foo.ts` →
 * `foo.test.ts`; a test of a whole folder, such as the engine's API fuzzing, in that folder). tests/
 * holds only what belongs to no one module: Playwright end-to-end specs (tests/e2e), shared fixtures
 * (tests/fixtures) and these checks of the repository as a whole (tests/repo).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TESTS_FOLDERS = ['e2e', 'fixtures', 'repo'];

const filesUnder = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));

describe('where tests live', () => {
  it('tests/ holds only e2e specs, fixtures and the repository checks', () => {
    const folders = readdirSync(join(ROOT, 'tests'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(TESTS_FOLDERS);
  });

  it('no Vitest test sits under tests/ outside tests/repo', () => {
    const misplaced = [...filesUnder('tests/e2e'), ...filesUnder('tests/fixtures')].filter((f) =>
      f.endsWith('.test.ts'),
    );
    expect(misplaced).toEqual([]);
  });

  it('no Playwright spec sits outside tests/e2e', () => {
    const specs = ['app', 'models', 'research', 'main', 'renderer', 'scripts']
      .flatMap(filesUnder)
      .filter((f) => /\.spec\.ts$/.test(f));
    expect(specs).toEqual([]);
  });
});
