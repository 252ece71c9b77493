import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore } from './image-store.js';

let store: ImageStore;
let outside: string;
let rotatedJpeg: Buffer;
beforeAll(async () => {
  store = new ImageStore(await mkdtemp(join(tmpdir(), 'anp-store-')));
  outside = await mkdtemp(join(tmpdir(), 'anp-outside-'));
  // Stored 300×100 with EXIF orientation 6: upright it is 100×300.
  rotatedJpeg = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#804020' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  await writeFile(join(outside, 'photo.jpg'), rotatedJpeg);
});
afterAll(() => store.dispose());

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('ImageStore', () => {
  it('opens a path in place with its upright size, and closing leaves the file alone', async () => {
    const info = await store.openPath(join(outside, 'photo.jpg'));
    expect(info).toMatchObject({
      name: 'photo.jpg',
      width: 100,
      height: 300,
      format: 'jpeg',
      orientation: 6,
      channels: 3,
    });
    expect(info.sizeBytes).toBe(rotatedJpeg.byteLength);
    expect(store.pathOf(info.id)).toBe(join(outside, 'photo.jpg'));
    await store.close(info.id);
    expect(await exists(join(outside, 'photo.jpg'))).toBe(true);
    expect(() => store.get(info.id)).toThrow(`no open image has the id ${info.id}`);
  });

  it('writes uploaded bytes into the session folder under a harmless name and deletes them on close', async () => {
    const info = await store.openBytes('../../etc/evil name.jpg', rotatedJpeg);
    const path = store.pathOf(info.id);
    expect(path.startsWith(store.sessionDir)).toBe(true);
    expect(path.endsWith('-evil_name.jpg')).toBe(true);
    expect(info.name).toBe('evil name.jpg');
    await store.close(info.id);
    expect(await exists(path)).toBe(false);
  });

  it('makes an upright PNG preview no larger than maxSide and never enlarges', async () => {
    const info = await store.openBytes('p.jpg', rotatedJpeg);
    const small = await store.preview(info.id, 60);
    expect([small.width, small.height]).toEqual([20, 60]);
    const png = Buffer.from(small.dataBase64, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(await sharp(png).metadata()).toMatchObject({ width: 20, height: 60 });
    const full = await store.preview(info.id, 4096);
    expect([full.width, full.height]).toEqual([100, 300]);
  });

  it('refuses bad uploads and folders with one clear error, leaving nothing behind', async () => {
    await expect(store.openBytes('junk.png', Buffer.from('not an image'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_IMAGE',
    });
    await expect(store.openPath(outside)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    // A truncated file has a valid header: only reading its pixels shows the damage.
    const photo = await readFile(new URL('../../tests/fixtures/photos/coffee.jpg', import.meta.url));
    await expect(store.openBytes('half.jpg', photo.subarray(0, photo.length >> 1))).rejects.toMatchObject({
      code: 'CORRUPT_IMAGE',
      message: expect.stringMatching(/^half\.jpg: the file is damaged/),
    });
    await expect(store.openPath(join(outside, 'gone.png'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'gone.png: file not found',
    });
  });

  it('links uploaded images into a folder for tasks that read one, under safe names', async () => {
    const a = await store.openBytes('../../evil name.jpg', rotatedJpeg);
    const b = await store.openBytes('b.jpg', rotatedJpeg);
    const dir = await mkdtemp(join(store.sessionDir, 'train-'));
    await store.linkFolder([store.get(a.id), store.get(b.id)], dir);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['0-evil_name.jpg', '1-b.jpg']);
    expect(await readFile(join(dir, names[1]!))).toEqual(rotatedJpeg);
  });

  it('a store reopened on a crashed session folder keeps the images whose files are there and sweeps the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-reopen-'));
    const first = new ImageStore(dir);
    const kept = await first.openBytes('kept.jpg', rotatedJpeg);
    const lost = await first.openBytes('lost.jpg', rotatedJpeg);
    const outsidePhoto = await first.openPath(join(outside, 'photo.jpg'));
    await rm(first.get(lost.id).path);
    await mkdir(join(dir, 'job-dead'));
    await writeFile(join(dir, 'job-dead', '.out.png.1.ff.tmp'), 'partial');
    await writeFile(join(dir, 'img_upload-in-flight.jpg'), 'half an upload');

    const reopened = await ImageStore.open(dir);
    expect(reopened.ids().sort()).toEqual([kept.id, outsidePhoto.id].sort());
    expect(reopened.get(kept.id).info).toEqual(kept);
    expect((await readdir(dir)).sort()).toEqual([basename(reopened.pathOf(kept.id)), 'session.json'].sort());
    expect(await exists(join(outside, 'photo.jpg'))).toBe(true);

    await writeFile(join(dir, 'session.json'), '{damaged');
    expect((await ImageStore.open(dir)).ids()).toEqual([]);
    expect(await readdir(dir)).toEqual(['session.json']);
  });

  it('says how many frames an animated GIF has (only the first is used); a still image says nothing', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 8, height: 6, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const frames = await Promise.all(['#f00', '#0f0', '#00f'].map(frame));
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect(await store.openBytes('anim.gif', gif)).toMatchObject({
      format: 'gif',
      width: 8,
      height: 6,
      frames: 3,
    });
    expect(await store.openBytes('still.png', frames[0]!)).not.toHaveProperty('frames');
  });
});
