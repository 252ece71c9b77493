/**
 * A PNG encoder that takes rows as they are produced and streams them through deflate to disk, so
 * an image of any size is written in memory proportional to one band of rows. It writes 8- or
 * 16-bit grey / grey+alpha / RGB / RGBA, with the ICC profile and density of the source, and text.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflate, deflateSync, type Deflate } from 'node:zlib';
import type { BitDepth, Channels } from './raster.js';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const COLOUR_TYPE: Record<Channels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

export interface PngHeader {
  width: number;
  height: number;
  channels: Channels;
  bitDepth: BitDepth;
  icc?: Uint8Array;
  /** Pixels per inch. */
  density?: number;
  /** tEXt entries (Latin-1 keys of 1–79 characters). */
  text?: Record<string, string>;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export class PngStreamWriter {
  private readonly file: WriteStream;
  private readonly deflate: Deflate;
  private readonly rowBytes: number;
  private readonly bytesPerPixel: number;
  private rowsWritten = 0;
  private readonly finished: Promise<void>;

  constructor(
    path: string,
    private readonly header: PngHeader,
  ) {
    const sampleBytes = header.bitDepth / 8;
    this.bytesPerPixel = header.channels * sampleBytes;
    this.rowBytes = header.width * this.bytesPerPixel;
    this.file = createWriteStream(path, { flags: 'wx' });
    this.file.write(SIGNATURE);
    this.file.write(chunk('IHDR', this.ihdr()));
    if (header.icc)
      this.file.write(
        chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(header.icc)])),
      );
    if (header.density) {
      const phys = Buffer.alloc(9);
      const perMetre = Math.round(header.density / 0.0254);
      phys.writeUInt32BE(perMetre, 0);
      phys.writeUInt32BE(perMetre, 4);
      phys[8] = 1;
      this.file.write(chunk('pHYs', phys));
    }
    for (const [key, value] of Object.entries(header.text ?? {})) {
      this.file.write(chunk('tEXt', Buffer.from(`${key}\0${value}`, 'latin1')));
    }
    this.deflate = createDeflate({ level: 4 });
    // After an abort, deflate may still hand over data it had compressed; the file is gone by then.
    this.deflate.on('data', (data: Buffer) => {
      if (!this.file.destroyed) this.file.write(chunk('IDAT', data));
    });
    const fileError = new Promise<never>((_, reject) => this.file.on('error', reject));
    fileError.catch(() => undefined);
    this.finished = Promise.race([once(this.deflate, 'end').then(() => undefined), fileError]);
    // Only close() waits for it; an aborted writer must not turn its late errors into a crash.
    this.finished.catch(() => undefined);
  }

  private ihdr(): Buffer {
    const b = Buffer.alloc(13);
    b.writeUInt32BE(this.header.width, 0);
    b.writeUInt32BE(this.header.height, 4);
    b[8] = this.header.bitDepth;
    b[9] = COLOUR_TYPE[this.header.channels];
    return b;
  }

  /** Appends whole rows of interleaved samples (Uint16Array for 16-bit images). */
  async writeRows(samples: Uint8Array | Uint16Array, rows: number): Promise<void> {
    const out = Buffer.alloc(rows * (this.rowBytes + 1));
    const bytes = this.header.bitDepth === 16 ? bigEndian(samples as Uint16Array) : (samples as Uint8Array);
    const bpp = this.bytesPerPixel;
    for (let r = 0; r < rows; r++) {
      const src = r * this.rowBytes;
      const dst = r * (this.rowBytes + 1);
      out[dst] = 1; // the Sub filter: each byte minus the same byte of the pixel to its left
      for (let i = 0; i < this.rowBytes; i++) {
        out[dst + 1 + i] = (bytes[src + i]! - (i >= bpp ? bytes[src + i - bpp]! : 0)) & 255;
      }
    }
    this.rowsWritten += rows;
    if (!this.deflate.write(out)) await once(this.deflate, 'drain');
  }

  async close(): Promise<void> {
    if (this.rowsWritten !== this.header.height) {
      throw new Error(`PNG stream got ${this.rowsWritten} of ${this.header.height} rows`);
    }
    this.deflate.end();
    await this.finished;
    this.file.end(chunk('IEND', new Uint8Array(0)));
    await once(this.file, 'close');
  }

  /** Stops writing; the caller removes the partial file. */
  async abort(): Promise<void> {
    this.deflate.destroy();
    if (this.file.closed) return;
    const closed = once(this.file, 'close').catch(() => undefined);
    this.file.destroy();
    await closed;
  }
}

function bigEndian(samples: Uint16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    out[2 * i] = samples[i]! >> 8;
    out[2 * i + 1] = samples[i]! & 255;
  }
  return out;
}
