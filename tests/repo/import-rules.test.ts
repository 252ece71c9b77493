/**
 * The import arrows of the design, checked over every source file: renderer → api contract ← main →
 * app → models, and inside app/ the layers of APP_LAYERS. The renderer takes only types from the
 * contract (`import type`), the contract imports nothing else of the app, and test files may import
 * anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SOURCE = /\.(ts|mts|mjs|svelte)$/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f) && !/\.test\.ts$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

interface Import {
  from: string;
  target: string;
  typeOnly: boolean;
}

/** Relative imports (static, re-exports and dynamic), resolved to paths from the repository root. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;'"]*?from\s+'(\.[^']+)'/g;
  const dynamic = /import\(\s*'(\.[^']+)'\s*\)/g;
  for (const m of text.matchAll(statement)) found.push(resolved(file, m[3]!, Boolean(m[2])));
  for (const m of text.matchAll(dynamic)) found.push(resolved(file, m[1]!, false));
  return found;
}

function resolved(file: string, specifier: string, typeOnly: boolean): Import {
  return { from: file, target: relative(ROOT, resolve(ROOT, dirname(file), specifier)), typeOnly };
}

const layer = (path: string) => path.split('/')[0]!;

/**
 * The folders of app/, top layer first: a folder imports its own layer and the layers below it, never
 * one above. `.` is app/'s own files (the model factory and model files), which share their layer
 * with the mean bases they hand to models.
 */
const APP_LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['host'],
  ['bench', 'baselines', 'experiments'],
  ['engine'],
  ['training'],
  ['quality'],
  ['tasks'],
  ['compute', 'data'],
  ['imaging', 'mean-base', '.'],
  ['util'],
  ['api'],
];

/** The folder of app/ a path is in ('.' for app/'s own files), or undefined outside app/. */
function appFolder(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'app') return undefined;
  return parts.length > 2 ? parts[1] : '.';
}

function appLayerIndex(folder: string): number {
  const index = APP_LAYERS.findIndex((folders) => folders.includes(folder));
  if (index < 0) throw new Error(`app/${folder} is in no layer of APP_LAYERS; add it there`);
  return index;
}
const violations = (files: string[], allowed: (i: Import) => boolean) =>
  files
    .flatMap(importsOf)
    .filter((i) => !allowed(i))
    .map((i) => `${i.from} → ${i.target}`);

describe('import rules', () => {
  it('models import only models', () => {
    expect(violations(sources('models'), (i) => layer(i.target) === 'models')).toEqual([]);
  });

  it('app imports only app and models', () => {
    expect(violations(sources('app'), (i) => ['app', 'models'].includes(layer(i.target)))).toEqual([]);
  });

  it('inside app/, each folder imports only its own layer and the layers below it', () => {
    const downward = (i: Import) => {
      const target = appFolder(i.target);
      return target === undefined || appLayerIndex(target) >= appLayerIndex(appFolder(i.from)!);
    };
    expect(violations(sources('app'), downward)).toEqual([]);
  });

  it('every folder of app/ has a layer', () => {
    const folders = new Set(sources('app').map((f) => appFolder(f)!));
    for (const folder of folders) expect(() => appLayerIndex(folder)).not.toThrow();
  });

  it('the layer check sees an upward import (bench → cli) as a violation', () => {
    expect(appLayerIndex('bench')).toBeGreaterThan(appLayerIndex('cli'));
  });

  it('the API contract imports nothing else of the app', () => {
    expect(violations(sources('app/api'), (i) => i.target.startsWith('app/api/'))).toEqual([]);
  });

  it('main imports main and app, never the renderer', () => {
    expect(violations(sources('main'), (i) => ['main', 'app'].includes(layer(i.target)))).toEqual([]);
  });

  it('the renderer imports the renderer, types from the API contract and its limits (plain constants)', () => {
    const allowed = (i: Import) =>
      layer(i.target) === 'renderer' ||
      (i.target.startsWith('app/api/') && i.typeOnly) ||
      i.target === 'app/api/limits.js';
    expect(violations(sources('renderer'), allowed)).toEqual([]);
  });

  it('the app makes and loads models only through app/model-factory.ts, which gives them its mean bases', () => {
    const direct = sources('app').filter(
      (f) =>
        f !== 'app/model-factory.ts' &&
        /\b(createModel|deserializeModel)\(/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(direct).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    const imports = importsOf('renderer/src/lib/api/client.ts');
    expect(imports).toContainEqual({
      from: 'renderer/src/lib/api/client.ts',
      target: 'app/api/contract.js',
      typeOnly: true,
    });
    expect(sources('main')).toContain('main/main.ts');
  });
});

const { builtinModules } = await import('node:module');

describe('models/ knows neither the app nor Node', () => {
  /** Every source file of models/, its tests and fixtures included. */
  const modelFiles = readdirSync(join(ROOT, 'models'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs)$/.test(f))
    .map((f) => join('models', f));
  const textOf = (file: string) => readFileSync(join(ROOT, file), 'utf8');
  /** The module specifiers a file imports (static, re-exports and dynamic with a literal). */
  const specifiers = (file: string) =>
    [...textOf(file).matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^']+)'/gm)].map((m) => m[1]!);
  const isBuiltin = (specifier: string) =>
    specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

  it('no file in models/ imports a Node builtin', () => {
    const found = modelFiles.flatMap((f) =>
      specifiers(f)
        .filter(isBuiltin)
        .map((s) => `${f} → ${s}`),
    );
    expect(found).toEqual([]);
  });

  it('no file in models/ reads process.env', () => {
    expect(modelFiles.filter((f) => /\bprocess\s*\.\s*env\b/.test(textOf(f)))).toEqual([]);
  });

  it('the model tests and their fixtures import nothing outside models/', () => {
    const outside = modelFiles
      .flatMap((f) => specifiers(f).map((s) => ({ f, s })))
      .filter(({ s }) => s.startsWith('.'))
      .map(({ f, s }) => ({ f, target: relative(ROOT, resolve(ROOT, dirname(f), s)) }))
      .filter(({ target }) => !target.startsWith('models/'))
      .map(({ f, target }) => `${f} → ${target}`);
    expect(outside).toEqual([]);
  });

  it('the checks see what they look for (the scan itself works)', () => {
    expect(modelFiles).toContain('models/backend.test.ts');
    expect(specifiers('tests/repo/import-rules.test.ts')).toContain('node:fs');
    expect(isBuiltin('node:os') && isBuiltin('os') && !isBuiltin('@tensorflow/tfjs')).toBe(true);
  });
});
