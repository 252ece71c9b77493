import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and schema check (app-builder-lib ships with it); both run offline.
const require = createRequire(new URL('../../node_modules/electron-builder/package.json', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { add(key: string, value: unknown): void }): Promise<void>;
};

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

/** Whether electron-builder's `files` list packs a path: the last pattern that matches it decides. */
const packs = (files: readonly string[], path: string) =>
  files.reduce((packed, pattern) => {
    const negated = pattern.startsWith('!');
    return minimatch(path, negated ? pattern.slice(1) : pattern) ? !negated : packed;
  }, false);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The repository's files under `dir`, as paths from the repository root. */
const filesUnder = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));

const load = async (): Promise<BuilderConfig> =>
  yaml.load(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(await load(), { add: () => undefined })).resolves.toBeUndefined();
  });

  it('schema validation does catch mistakes (so the check above means something)', async () => {
    const config = await load();
    const debug = { add: () => undefined };
    await expect(validateConfiguration({ ...config, asarUnpak: ['x'] }, debug)).rejects.toThrow(
      /unknown property 'asarUnpak'/,
    );
    await expect(validateConfiguration({ ...config, nsis: { oneClick: 'maybe' } }, debug)).rejects.toThrow(
      /oneClick should be a boolean/,
    );
  });

  it('targets AppImage + deb, nsis and dmg, unpacks native and wasm files, ships the pretrained models', async () => {
    const config = await load();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/@img/**',
        'node_modules/@tensorflow/tfjs-node*/**',
        'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
        'node_modules/@esbuild/**',
      ]),
    );
    expect(config.extraResources).toEqual([
      expect.objectContaining({ from: 'models/pretrained', to: 'models/pretrained' }),
    ]);
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'app/**/*.ts', 'app/**/*.mjs']),
    );
  });

  it('packs the sources the app runs, and no research code, test or test fixture', async () => {
    const { files } = await load();
    const sources = [...filesUnder('app'), ...filesUnder('models')].filter((f) => /\.(ts|mjs)$/.test(f));
    const notShipped = (f: string) =>
      /\.test\.ts$|\/fixtures\//.test(f) || f.startsWith('models/pretrained/');
    expect(sources.filter((f) => !notShipped(f) && !packs(files, f))).toEqual([]);
    expect(sources.filter((f) => notShipped(f) && packs(files, f))).toEqual([]);
    expect(filesUnder('research').filter((f) => packs(files, f))).toEqual([]);
    expect(packs(files, 'app/cli/main.ts')).toBe(true);
    expect(packs(files, 'research/bench/images.ts')).toBe(false);
  });
});
