import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PngStreamWriter } from './png-stream.js';

describe('PngStreamWriter', () => {
  it('an abort while rows are still being compressed and written ends quietly (no late stream error)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-png-abort-'));
    const width = 1500;
    const rows = 64;
    const late: unknown[] = [];
    const onRejection = (reason: unknown) => late.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (let trial = 0; trial < 20; trial++) {
        const path = join(dir, `t${trial}.png`);
        const writer = new PngStreamWriter(path, { width, height: rows * 8, channels: 3, bitDepth: 8 });
        const band = new Uint8Array(width * rows * 3).map((_, i) => (i * 2654435761) >>> 24);
        for (let k = 0; k < 4; k++) await writer.writeRows(band, rows);
        await writer.abort();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(late).toEqual([]);
    expect((await readdir(dir)).length).toBe(20);
  });
});
