/** `exportImage`: re-encodes an image file to PNG, JPEG, WebP, TIFF or AVIF, keeping its metadata. */
import { stat } from 'node:fs/promises';
import { probeImage, readInput } from '../imaging/decode.js';
import { encodePipeline, type ImageFormat } from '../imaging/encode.js';
import { checkOutputPath, writeOutputFile } from '../imaging/output-file.js';

export interface ExportOptions {
  input: string;
  outPath: string;
  format: ImageFormat;
  quality: number;
  overwrite: boolean;
}

export async function exportImage(request: ExportOptions): Promise<{ path: string; bytes: number }> {
  await checkOutputPath(request.outPath, request.overwrite);
  const probe = await probeImage(request.input, request.input);
  const density = (await readInput(request.input).metadata()).density;
  await writeOutputFile(request.outPath, request.overwrite, async (temp) => {
    const pipeline = readInput(request.input, { failOn: 'error' }).autoOrient();
    await encodePipeline(pipeline, {
      format: request.format,
      quality: request.quality,
      sixteenBit: probe.bitDepth === 16,
      grey: probe.channels <= 2,
      density,
    }).toFile(temp);
  });
  return { path: request.outPath, bytes: (await stat(request.outPath)).size };
}
