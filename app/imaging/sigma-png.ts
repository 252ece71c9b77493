/**
 * The raw uncertainty of a completion as a 16-bit grey PNG the size of the photo: value v means
 * σ = v / 65535 in colour units (0–1, the std of the mean's error); 0 outside the mask. The scale is
 * also written into the file (tEXt `sigma-scale`), so the calibration can be checked elsewhere.
 */
import { writeOutputFile } from './output-file.js';
import { PngStreamWriter } from './png-stream.js';
import type { Region } from './colour.js';

export const SIGMA_SCALE = 65535;
const BAND_ROWS = 256;

export async function writeSigmaPng(
  sigma: { region: Region; values: Float32Array },
  width: number,
  height: number,
  path: string,
  overwrite: boolean,
): Promise<void> {
  const { region, values } = sigma;
  await writeOutputFile(path, overwrite, async (temp) => {
    const writer = new PngStreamWriter(temp, {
      width,
      height,
      channels: 1,
      bitDepth: 16,
      text: {
        'sigma-scale': `1/${SIGMA_SCALE}`,
        Comment: `per-pixel std of the completion's mean in colour units (0-1) = value / ${SIGMA_SCALE}; 0 outside the mask`,
      },
    });
    try {
      for (let top = 0; top < height; top += BAND_ROWS) {
        const rows = Math.min(BAND_ROWS, height - top);
        const band = new Uint16Array(rows * width);
        for (let y = Math.max(top, region.y); y < Math.min(top + rows, region.y + region.height); y++) {
          for (let x = 0; x < region.width; x++) {
            const v = values[(y - region.y) * region.width + x]!;
            band[(y - top) * width + region.x + x] = Math.min(SIGMA_SCALE, Math.round(v * SIGMA_SCALE));
          }
        }
        await writer.writeRows(band, rows);
      }
      await writer.close();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  });
}
