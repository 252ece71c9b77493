/** Writes a whole in-memory raster as a PNG (depth, alpha, ICC and density kept), safely. */
import { writeOutputFile } from './output-file.js';
import { PngStreamWriter } from './png-stream.js';
import type { RasterImage } from './raster.js';

export async function writeRasterPng(image: RasterImage, path: string, overwrite: boolean): Promise<void> {
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
      await writer.writeRows(image.data, image.height);
      await writer.close();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  });
}
