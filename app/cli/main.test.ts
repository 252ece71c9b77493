import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/anp.mjs', import.meta.url).pathname;

type Run = { code: number; stdout: string; stderr: string };

async function anp(...args: string[]): Promise<Run> {
  return anpAs({}, ...args);
}

/** Runs `anp` with spawn options (a user id: as root, the only way to meet a file it may not read). */
async function anpAs(options: { uid?: number; gid?: number }, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], options);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anp-cli-'));
  // 40×30 stored, EXIF orientation 6 (rotate 90°): upright it is 30×40.
  await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c04020' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toFile(join(dir, 'rotated.jpg'));
  await sharp({ create: { width: 5, height: 7, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } })
    .png()
    .toColourspace('rgb16')
    .toFile(join(dir, 'alpha16.png'));
  await writeFile(join(dir, 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\nthis is not a png'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('anp CLI', () => {
  it('anp --help lists the commands; anp info --help prints its usage', async () => {
    const top = await anp('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^ {2}info +show the compute engine/m);
    const sub = await anp('info', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^usage: anp info \[IMAGE\]/);
  });

  it('an unknown command is one clear error line and exit 1', async () => {
    const r = await anp('frobnicate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^anp: unknown command 'frobnicate' \(commands: .*info.*\)\n$/);
  });

  it('anp serve checks its options before starting anything', async () => {
    const short = await anp('serve', '--token', 'abc', '--no-open');
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('anp: --token must be 8–128 letters, digits, - or _\n');
    const port = await anp('serve', '--port', '70000');
    expect(port.stderr).toBe('anp: --port must be at most 65535 (got 70000)\n');
  });

  it('anp info reports the engine, with the reasons it fell back', async () => {
    const r = await anp('info', '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { backend: string; workers: number; fallbackReasons: string[] };
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend);
    expect(info.workers).toBeGreaterThanOrEqual(1);
    if (info.backend === 'wasm') expect(info.fallbackReasons).toContain('tfjs-node: not installed');
  });

  it('anp info IMAGE prints the upright size and EXIF orientation', async () => {
    const r = await anp('info', join(dir, 'rotated.jpg'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('format      jpeg');
    expect(r.stdout).toContain('size        30×40 (upright)');
    expect(r.stdout).toContain('orientation 6 (EXIF)');
    expect(r.stdout).toContain('alpha       no');
  });

  it('anp info IMAGE reports alpha and 16-bit depth', async () => {
    const r = await anp('info', '--json', join(dir, 'alpha16.png'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'png',
      width: 5,
      height: 7,
      channels: 4,
      hasAlpha: true,
      bitDepth: 16,
    });
  });

  it('a corrupt or missing file is one clear line and exit 1', async () => {
    const broken = await anp('info', join(dir, 'broken.png'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^anp: broken\.png: .+\n$/);
    const missing = await anp('info', join(dir, 'nope.jpg'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('anp: nope.jpg: file not found\n');
    const folder = await anp('info', dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/^anp: anp-cli-\w+: is a folder, not an image file\n$/);
  });

  it('a file it may not read says so (not "not an image format"), in info and upscale', async () => {
    // Root reads any file; the test then runs anp as the unprivileged user 'nobody'.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const open = await mkdtemp(join(tmpdir(), 'anp-cli-eacces-'));
    await chmod(open, 0o777); // 'nobody' writes the upscale's output here
    const locked = join(open, 'locked.png');
    await copyFile(join(dir, 'rotated.jpg'), locked);
    await chmod(locked, 0o000);
    for (const args of [
      ['info', locked],
      ['upscale', locked, '--scale', '2', '--out', join(open, 'o.png')],
    ]) {
      const run = await anpAs(asUser, ...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('anp: locked.png: cannot be read (permission denied)\n');
    }
    await rm(open, { recursive: true, force: true });
  });

  it('a folder given to inpaint says "is a folder", as info does (upscale reads a folder as a batch)', async () => {
    const inpaint = await anp(
      'inpaint',
      dir,
      '--mask',
      join(dir, 'rotated.jpg'),
      '--out',
      join(dir, 'inpainted'),
    );
    expect(inpaint.code).toBe(1);
    expect(inpaint.stderr).toMatch(/^anp: anp-cli-\w+: is a folder, not an image file\n$/);
  });

  it('--help anywhere prints the usage and does nothing else', async () => {
    const out = join(dir, 'never.png');
    const late = await anp('upscale', join(dir, 'rotated.jpg'), '--scale', '2', '--out', out, '--help');
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(/^usage: anp upscale IMAGE/);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
