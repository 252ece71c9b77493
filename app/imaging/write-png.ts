/**
 * Writes an image as a PNG (depth, alpha, ICC and density kept), safely, band by band: the PNG
 * filter and 16-bit byte order work on one band of rows at a time, never on a copy of the whole image.
 */
import { writeOutputFile } from './output-file.js';
import { PngStreamWriter } from './png-stream.js';
import type { RasterImage } from './raster.js';

/** Rows handed to the PNG stream at a time. */
export const BAND_ROWS = 256;

/** The samples of rows [first, first + count), interleaved. */
export type RowBand = (first: number, count: number) => Uint8Array | Uint16Array;

export async function writePngBands(
  image: Omit<RasterImage, 'data'>,
  band: RowBand,
  path: string,
  overwrite: boolean,
): Promise<void> {
  await writeOutputFile(path, overwrite, async (temp) => {
    const writer = new PngStreamWriter(temp, {
      width: image.width,
      height: image.height,
      channels: image.channels,
      bitDepth: image.bitDepth,
      icc: image.meta.icc,
      density: image.meta.density,
    });
    try {
      for (let first = 0; first < image.height; first += BAND_ROWS) {
        const count = Math.min(BAND_ROWS, image.height - first);
        await writer.writeRows(band(first, count), count);
      }
      await writer.close();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  });
}

export function writeRasterPng(image: RasterImage, path: string, overwrite: boolean): Promise<void> {
  const rowSamples = image.width * image.channels;
  const band: RowBand = (first, count) =>
    image.data.subarray(first * rowSamples, (first + count) * rowSamples);
  return writePngBands(image, band, path, overwrite);
}
