/** `exportImage`: re-encodes an image file to PNG, JPEG, WebP, TIFF or AVIF, keeping its metadata. */
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { probeImage } from '../imaging/decode.js';
import { encodePipeline, type ImageFormat } from '../imaging/encode.js';
import { checkOutputPath, writeOutputFile } from '../imaging/output-file.js';

export interface ExportOptions {
  input: string;
  outPath: string;
  format: ImageFormat;
  quality: number;
  overwrite: boolean;
}

export async function exportImage(o: ExportOptions): Promise<{ path: string; bytes: number }> {
  await checkOutputPath(o.outPath, o.overwrite);
  const probe = await probeImage(o.input, o.input);
  const density = (await sharp(o.input).metadata()).density;
  await writeOutputFile(o.outPath, o.overwrite, async (temp) => {
    const pipeline = sharp(o.input, { limitInputPixels: false, failOn: 'error' }).autoOrient();
    await encodePipeline(pipeline, {
      format: o.format,
      quality: o.quality,
      sixteenBit: probe.bitDepth === 16,
      grey: probe.channels <= 2,
      density,
    }).toFile(temp);
  });
  return { path: o.outPath, bytes: (await stat(o.outPath)).size };
}
