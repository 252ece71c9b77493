import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCallHandler, PathGrants } from './ipc-validation.js';
import { checkLeafName, grantOutputPath, OutputFolder, type OutputFolderQuestions } from './output-folder.js';

const fromApp = { senderFrame: { url: 'app://anp/index.html' } };

describe('the output folder (main keeps it; the renderer sends only a leaf name)', () => {
  let root: string;
  let folder: string;
  let store: OutputFolder;
  let grants: PathGrants;
  let asked: string[];
  let replace: boolean;
  const questions = (): OutputFolderQuestions => ({
    chooseFolder: async () => (asked.push('folder'), folder),
    confirmReplace: async (path) => (asked.push(`replace ${path}`), replace),
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'anp-output-'));
    folder = await mkdtemp(join(root, 'out-'));
    store = new OutputFolder(join(root, 'output-folder.json'));
    grants = new PathGrants();
    asked = [];
    replace = false;
  });

  it('accepts only a plain file name with the format’s extension', () => {
    expect(checkLeafName('cup-x2.png', 'png')).toBe('cup-x2.png');
    expect(checkLeafName('Cup.JPG', 'jpeg')).toBe('Cup.JPG');
    for (const name of [
      '../cup.png',
      'a/cup.png',
      'a\\cup.png',
      '.cup.png',
      'C:cup.png',
      'cup.exe',
      'cup\n.png',
    ])
      expect(() => checkLeafName(name, 'png'), name).toThrow(/not a plain png file name/);
    expect(() => checkLeafName('cup.png', 'jpeg')).toThrow(/not a plain jpeg file name/);
  });

  it('asks main’s dialog for the folder once, remembers it, and grants the joined path for one export', async () => {
    const path = await grantOutputPath({ name: 'cup-x2.png', format: 'png' }, store, grants, questions());
    expect(path).toBe(join(folder, 'cup-x2.png'));
    expect(asked).toEqual(['folder']);
    expect(grants.has(path!)).toBe(true);
    expect(await new OutputFolder(join(root, 'output-folder.json')).load()).toBe(folder);

    // The grant is what lets the export through main's checks, once; no other path gets through.
    const forwarded: string[] = [];
    const handle = createCallHandler(
      { call: async (method) => (forwarded.push(method), { bytes: 1 }) },
      { read: new PathGrants(), save: grants },
    );
    const exportTo = (p: string) =>
      handle(fromApp, 'exportImage', { imageId: 'img_abcdef', format: 'png', path: p });
    expect(await exportTo(path!)).toMatchObject({ ok: true });
    expect(await exportTo(path!)).toMatchObject({ ok: false });
    expect(await exportTo(join(folder, 'other.png'))).toMatchObject({ ok: false });
    expect(forwarded).toEqual(['exportImage']);
  });

  it('never replaces a file without asking, and a no grants nothing', async () => {
    await store.set(folder);
    await writeFile(join(folder, 'cup-x2.png'), 'keep');
    const args = { name: 'cup-x2.png', format: 'png' };
    expect(await grantOutputPath(args, store, grants, questions())).toBeNull();
    expect(asked).toEqual([`replace ${join(folder, 'cup-x2.png')}`]);
    expect(grants.has(join(folder, 'cup-x2.png'))).toBe(false);
    expect(await readFile(join(folder, 'cup-x2.png'), 'utf8')).toBe('keep');
    replace = true;
    expect(await grantOutputPath(args, store, grants, questions())).toBe(join(folder, 'cup-x2.png'));
  });

  it('refuses a path, a bad name or extra fields before asking anything', async () => {
    await store.set(folder);
    for (const args of [
      { name: join(root, 'secret.png'), format: 'png' },
      { name: '../escape.png', format: 'png' },
      { name: 'a.png', format: 'png', folder: '/etc' },
      { name: 'a.png', format: 'bmp' },
      'a.png',
    ]) {
      await expect(grantOutputPath(args, store, grants, questions())).rejects.toThrow();
    }
    expect(asked).toEqual([]);
  });

  it('a cancelled folder dialog saves nothing; a damaged settings file is no folder', async () => {
    folder = '';
    const none = { chooseFolder: async () => null, confirmReplace: async () => true };
    expect(await grantOutputPath({ name: 'a.png', format: 'png' }, store, grants, none)).toBeNull();
    await writeFile(join(root, 'output-folder.json'), '{ not json');
    expect(await store.load()).toBeNull();
  });
});
