/**
 * Antialiased resampling of interleaved RGB float rasters:
 * - 'area' (box filter): each output pixel is the exact coverage-weighted mean of the source pixels
 *   under it — the relation a camera's larger pixels have to a finer scene;
 * - 'cubic': the Catmull-Rom cubic widened by the scale factor, as image editors (and libvips, under
 *   sharp's `kernel: 'cubic'`) downscale; sharper than the box, with small negative lobes. Taps
 *   beyond the region's edge are clamped to it.
 */
export type DownscaleFilter = 'area' | 'cubic';

type AxisWeights = [number, Float64Array][];

function areaWeights(srcStart: number, srcLength: number, outLength: number): AxisWeights {
  const step = srcLength / outLength;
  const result: AxisWeights = [];
  for (let o = 0; o < outLength; o++) {
    const a = srcStart + o * step;
    const b = a + step;
    const first = Math.floor(a);
    // b can land a rounding error past the region's last pixel (e.g. 17 + 80 · 303/80 > 320).
    const last = Math.max(first, Math.ceil(b - 1e-9) - 1);
    const weights = new Float64Array(last - first + 1);
    for (let s = first; s <= last; s++) weights[s - first] = (Math.min(b, s + 1) - Math.max(a, s)) / step;
    result.push([first, weights]);
  }
  return result;
}

function catmullRom(t: number): number {
  const a = Math.abs(t);
  if (a < 1) return 1.5 * a ** 3 - 2.5 * a ** 2 + 1;
  if (a < 2) return -0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2;
  return 0;
}

/** Cubic taps over the whole pixels of [srcStart, srcStart + srcLength), edge taps folded onto the rim. */
function cubicWeights(srcStart: number, srcLength: number, outLength: number): AxisWeights {
  const step = Math.max(1, srcLength / outLength);
  const lo = Math.ceil(srcStart - 1e-9);
  const hi = Math.floor(srcStart + srcLength + 1e-9) - 1;
  const result: AxisWeights = [];
  for (let o = 0; o < outLength; o++) {
    const centre = srcStart + ((o + 0.5) * srcLength) / outLength;
    const from = Math.floor(centre - 2 * step);
    const to = Math.ceil(centre + 2 * step);
    const first = Math.min(hi, Math.max(lo, from));
    const weights = new Float64Array(Math.min(hi, Math.max(lo, to)) - first + 1);
    let sum = 0;
    for (let s = from; s <= to; s++) {
      const w = catmullRom((s + 0.5 - centre) / step);
      weights[Math.min(hi, Math.max(lo, s)) - first]! += w;
      sum += w;
    }
    for (let k = 0; k < weights.length; k++) weights[k]! /= sum;
    result.push([first, weights]);
  }
  return result;
}

/**
 * Resamples the region [x, x+w) × [y, y+h) (fractional edges allowed, inside the source; 'cubic'
 * uses the whole pixels inside it) of a `srcWidth`-wide RGB raster to outW × outH. `scale` maps
 * source sample values (e.g. 1/255).
 */
export function resampleRgb(
  src: ArrayLike<number>,
  srcWidth: number,
  region: { x: number; y: number; w: number; h: number },
  outW: number,
  outH: number,
  scale = 1,
  filter: DownscaleFilter = 'area',
): Float32Array {
  const axisWeights = filter === 'area' ? areaWeights : cubicWeights;
  const cols = axisWeights(region.x, region.w, outW);
  const rows = axisWeights(region.y, region.h, outH);
  const rowStart = rows[0]![0];
  const lastRow = rows[rows.length - 1]!;
  const rowEnd = lastRow[0] + lastRow[1].length;
  // Horizontal pass over just the source rows the region touches.
  const mid = new Float64Array((rowEnd - rowStart) * outW * 3);
  for (let r = rowStart; r < rowEnd; r++) {
    for (let o = 0; o < outW; o++) {
      const [first, weights] = cols[o]!;
      let cr = 0;
      let cg = 0;
      let cb = 0;
      for (let k = 0; k < weights.length; k++) {
        const i = (r * srcWidth + first + k) * 3;
        const wgt = weights[k]!;
        cr += wgt * src[i]!;
        cg += wgt * src[i + 1]!;
        cb += wgt * src[i + 2]!;
      }
      const m = ((r - rowStart) * outW + o) * 3;
      mid[m] = cr;
      mid[m + 1] = cg;
      mid[m + 2] = cb;
    }
  }
  const out = new Float32Array(outW * outH * 3);
  for (let o = 0; o < outH; o++) {
    const [first, weights] = rows[o]!;
    for (let c = 0; c < outW * 3; c++) {
      let acc = 0;
      for (let k = 0; k < weights.length; k++)
        acc += weights[k]! * mid[(first - rowStart + k) * outW * 3 + c]!;
      out[o * outW * 3 + c] = acc * scale;
    }
  }
  return out;
}
