import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../imaging/output-file.js';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temp files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"v":1}');
    expect(await readFile(path, 'utf8')).toBe('{"v":1}');
    await writeFile(path, 'old');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    await expect(writeFileAtomic(join(dir, 'missing', 'a.bin'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('temporary files of dead processes', () => {
  /** The id of a process that has exited. */
  const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

  it('are swept when a write starts in their folder; live ones and look-alikes are kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const dead = [`.big.png.${deadPid()}.0a1b2c3d.tmp`, `.session.json.${deadPid()}.ffffffff.tmp`];
    const kept = [
      `.big.png.${process.pid}.12345678.tmp`, // this process: a write in flight
      `.big.png.${process.ppid}.12345678.tmp`, // a live process
      `.big.png.${deadPid()}.xyz.tmp`, // not the app's pattern
      'big.png.tmp',
      'photo.png',
    ];
    for (const name of [...dead, ...kept]) await writeFile(join(dir, name), 'x');
    await writeFileAtomic(join(dir, 'a.json'), '{}');
    expect((await readdir(dir)).sort()).toEqual([...kept, 'a.json'].sort());

    // The engine's and the CLI's outputs (writeOutputFile) sweep the same way.
    await writeFile(join(dir, dead[0]!), 'x');
    await writeOutputFile(join(dir, 'out.png'), false, (temp) => writeFile(temp, 'png'));
    expect((await readdir(dir)).sort()).toEqual([...kept, 'a.json', 'out.png'].sort());
  });
});
