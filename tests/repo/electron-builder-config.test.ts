import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and schema check (app-builder-lib ships with it); both run offline.
const require = createRequire(new URL('../../node_modules/electron-builder/package.json', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
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
});
