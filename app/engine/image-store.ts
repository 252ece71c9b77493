/**
 * The engine's images are files on disk. Opened paths are referenced where they are; uploaded bytes
 * and job results live in the session folder and are deleted when closed or when the session ends.
 * The folder also holds a manifest of the open images, so an engine restarted on the same folder
 * after a crash finds them again (`ImageStore.open`) and sweeps away what the dead one left half done.
 */
import {
  copyFile,
  link,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import sharp from 'sharp';
import type { ImageInfo, ImagePreview } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { verifyImage } from '../imaging/decode.js';
import { assertInputFile } from '../imaging/input-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { newId } from './ids.js';

export interface StoredImage {
  info: ImageInfo;
  path: string;
  /** The store wrote this file and deletes it on close. */
  owned: boolean;
}

const MANIFEST = 'session.json';

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly sessionDir: string) {}

  /** A store on `sessionDir` with the images its manifest lists (if any); every other file there is removed. */
  static async open(sessionDir: string): Promise<ImageStore> {
    const store = new ImageStore(sessionDir);
    for (const image of await readManifest(join(sessionDir, MANIFEST))) {
      if (await isFile(image.path)) store.images.set(image.info.id, image);
    }
    const keep = new Set([join(sessionDir, MANIFEST), ...[...store.images.values()].map((i) => i.path)]);
    await sweep(sessionDir, keep);
    await store.persist();
    return store;
  }

  /** The ids of the open images. */
  ids(): string[] {
    return [...this.images.keys()];
  }

  /** Opens a file the user picked; the file stays where it is. */
  async openPath(path: string): Promise<ImageInfo> {
    const absolute = resolve(path);
    await assertInputFile(absolute);
    return this.register(absolute, basename(absolute), false);
  }

  /** Opens uploaded bytes by writing them into the session folder first. */
  async openBytes(name: string, bytes: Uint8Array): Promise<ImageInfo> {
    const id = newId('img');
    const path = join(this.sessionDir, `${id}-${safeFileName(name)}`);
    await writeFile(path, bytes);
    return this.registerOwned(path, basename(name), id);
  }

  /** Opens a file streamed into the session folder by the web host (`POST /api/upload`). */
  async openUpload(uploadId: string, name: string): Promise<ImageInfo> {
    const id = newId('img');
    const path = join(this.sessionDir, `${id}-${safeFileName(name)}`);
    try {
      await rename(join(this.sessionDir, uploadId), path);
    } catch {
      throw new ApiError('NOT_FOUND', `no upload has the id ${uploadId}`);
    }
    return this.registerOwned(path, basename(name), id);
  }

  /**
   * Takes ownership of a file a job wrote into the session folder, moving it to the folder's top
   * level so that the job's own folder can be removed when the job ends.
   */
  async adopt(path: string, name: string): Promise<ImageInfo> {
    const id = newId('img');
    const kept = join(this.sessionDir, `${id}-${safeFileName(name)}`);
    await rename(path, kept);
    return this.registerOwned(kept, name, id);
  }

  /** Runs `body` with a fresh folder for one job's files, removed (with what was not adopted) when it ends. */
  async withJobDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(this.sessionDir, 'job-'));
    try {
      return await body(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A folder (inside the session) holding the given images, for tasks that read a folder. */
  async linkFolder(images: readonly StoredImage[], dir: string): Promise<string> {
    await Promise.all(
      images.map(async ({ path, info }, i) => {
        const target = join(dir, `${i}-${safeFileName(info.name)}`);
        await link(path, target).catch(() => copyFile(path, target));
      }),
    );
    return dir;
  }

  get(id: string): StoredImage {
    const image = this.images.get(id);
    if (!image) throw new ApiError('NOT_FOUND', `no open image has the id ${id}`);
    return image;
  }

  pathOf(id: string): string {
    return this.get(id).path;
  }

  /** An upright PNG no larger than maxSide on either side (never enlarged). */
  async preview(id: string, maxSide: number): Promise<ImagePreview> {
    const { path, info } = this.get(id);
    try {
      const { data, info: out } = await sharp(path, { limitInputPixels: false })
        .autoOrient()
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 3 })
        .toBuffer({ resolveWithObject: true });
      return { width: out.width, height: out.height, mime: 'image/png', dataBase64: data.toString('base64') };
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new ApiError('CORRUPT_IMAGE', `${info.name}: cannot make a preview (${why})`);
    }
  }

  async close(id: string): Promise<void> {
    const image = this.get(id);
    this.images.delete(id);
    await this.persist();
    if (image.owned) await rm(image.path, { force: true });
  }

  /** Forgets every image and deletes the session folder with everything the store wrote. */
  async dispose(): Promise<void> {
    this.images.clear();
    await this.saving.catch(() => undefined);
    await rm(this.sessionDir, { recursive: true, force: true });
  }

  /** Registers a file the store owns, deleting it if it is refused. */
  private async registerOwned(path: string, name: string, id: string): Promise<ImageInfo> {
    try {
      return await this.register(path, name, true, id);
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  private async register(path: string, name: string, owned: boolean, id = newId('img')): Promise<ImageInfo> {
    const probe = await verifyImage(path, name);
    const { size } = await stat(path);
    const info: ImageInfo = {
      id,
      name,
      width: probe.width,
      height: probe.height,
      format: probe.format,
      channels: probe.channels,
      hasAlpha: probe.hasAlpha,
      bitDepth: probe.bitDepth,
      orientation: probe.orientation,
      sizeBytes: size,
      ...(probe.frames > 1 ? { frames: probe.frames } : {}),
    };
    this.images.set(id, { info, path, owned });
    await this.persist();
    return info;
  }

  /** Writes the manifest; writes are queued so the last one always holds the latest state. */
  private persist(): Promise<void> {
    const snapshot = JSON.stringify([...this.images.values()]);
    this.saving = this.saving.then(() => writeFileAtomic(join(this.sessionDir, MANIFEST), snapshot));
    return this.saving;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readManifest(path: string): Promise<StoredImage[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isStoredImage) : [];
  } catch {
    return [];
  }
}

function isStoredImage(value: unknown): value is StoredImage {
  const v = value as Partial<StoredImage> | null;
  return typeof v?.path === 'string' && typeof v.owned === 'boolean' && typeof v.info?.id === 'string';
}

/** Removes every file under `dir` that is not in `keep`, and the folders left empty. */
async function sweep(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await sweep(path, keep);
      await rmdir(path).catch(() => undefined);
    } else if (!keep.has(path)) {
      await rm(path, { force: true });
    }
  }
}

/** Keeps an uploaded name readable but harmless as a file name. */
function safeFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/'))
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '');
  return cleaned.slice(-80) || 'upload';
}
