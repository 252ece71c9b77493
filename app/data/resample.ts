/**
 * Area (box-filter) resampling of interleaved RGB float rasters: each output pixel is the exact
 * coverage-weighted mean of the source pixels under it, i.e. an antialiased downscale — the same
 * relation a camera's larger pixels have to a finer scene.
 */

/** Weights of each source index for each output index along one axis: [start, weights[]] pairs. */
function axisWeights(srcStart: number, srcLength: number, outLength: number): [number, Float64Array][] {
  const step = srcLength / outLength;
  const result: [number, Float64Array][] = [];
  for (let o = 0; o < outLength; o++) {
    const a = srcStart + o * step;
    const b = a + step;
    const first = Math.floor(a);
    const last = Math.ceil(b) - 1;
    const weights = new Float64Array(last - first + 1);
    for (let s = first; s <= last; s++) weights[s - first] = (Math.min(b, s + 1) - Math.max(a, s)) / step;
    result.push([first, weights]);
  }
  return result;
}

/**
 * Resamples the region [x, x+w) × [y, y+h) (fractional edges allowed, inside the source) of a
 * `srcWidth`-wide RGB raster to outW × outH. `scale` maps source sample values (e.g. 1/255).
 */
export function resampleArea(
  src: ArrayLike<number>,
  srcWidth: number,
  region: { x: number; y: number; w: number; h: number },
  outW: number,
  outH: number,
  scale = 1,
): Float32Array {
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
