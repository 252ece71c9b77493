/** Fits the constant-sharpening baseline per scale factor on a set of (training) photos. */
import { downscale, loadCrop } from './crops.js';
import { scaleKey } from './evaluate.js';
import { upsampleFloat } from './resample.js';
import { fitSharpening, type Sharpening, type SharpeningCase } from './sharpening.js';

export async function fitSharpeningPerScale(
  files: readonly string[],
  scales: readonly number[],
  size: number,
): Promise<Record<string, Sharpening>> {
  const crops = await Promise.all(files.map((file) => loadCrop(file, size)));
  const fits: Record<string, Sharpening> = {};
  for (const scale of scales) {
    const lowSide = Math.round(size / scale);
    const cases: SharpeningCase[] = [];
    for (const truth of crops) {
      const low = await downscale(truth, size, lowSide);
      cases.push({
        truth,
        up: upsampleFloat(low, lowSide, lowSide, 3, size, size, 'lanczos3'),
        width: size,
        height: size,
      });
    }
    fits[scaleKey(scale)] = fitSharpening(cases);
  }
  return fits;
}
