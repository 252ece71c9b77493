/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) of 8-bit images: the standard
 * constants (K1 = 0.01, K2 = 0.03, L = 255) and an 11-tap Gaussian window of σ = 1.5, per channel,
 * the SSIM map averaged over the pixels a mask selects (all of them without one) and the channels.
 * At the image's borders the window is cut and renormalised.
 */

const RADIUS = 5;
const WINDOW_SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

const WEIGHTS = Float64Array.from({ length: 2 * RADIUS + 1 }, (_, k) =>
  Math.exp(-((k - RADIUS) ** 2) / (2 * WINDOW_SIGMA ** 2)),
);

/** One pass of the window along rows (`horizontal`) or columns, cut and renormalised at the borders. */
function blurAxis(plane: Float64Array, width: number, height: number, horizontal: boolean): Float64Array {
  const out = new Float64Array(plane.length);
  const extent = horizontal ? width : height;
  const stride = horizontal ? 1 : width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const t = horizontal ? x : y;
      let sum = 0;
      let weight = 0;
      for (let k = Math.max(-RADIUS, -t); k <= Math.min(RADIUS, extent - 1 - t); k++) {
        const w = WEIGHTS[k + RADIUS]!;
        sum += w * plane[i + k * stride]!;
        weight += w;
      }
      out[i] = sum / weight;
    }
  }
  return out;
}

const localMean = (plane: Float64Array, width: number, height: number): Float64Array =>
  blurAxis(blurAxis(plane, width, height, true), width, height, false);

/** The mask's bounding box grown by the window's radius (within the image): all its windows need. */
function windowBounds(mask: Uint8Array | undefined, width: number, height: number) {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  if (!mask) return { x0: 0, y0: 0, x1: width - 1, y1: height - 1 };
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  if (x1 < 0) throw new Error('ssim: no pixels to compare');
  return {
    x0: Math.max(0, x0 - RADIUS),
    y0: Math.max(0, y0 - RADIUS),
    x1: Math.min(width - 1, x1 + RADIUS),
    y1: Math.min(height - 1, y1 + RADIUS),
  };
}

/** Mean SSIM over the masked pixels (mask[i] ≠ 0) and the channels of interleaved 8-bit images. */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  mask?: Uint8Array,
): number {
  if (a.length !== width * height * channels || b.length !== width * height * channels) {
    throw new Error(
      `ssim: images must both be ${width}×${height}×${channels} (got ${a.length}, ${b.length})`,
    );
  }
  // Only the windows of masked pixels are computed: the crop to them changes no value.
  const box = windowBounds(mask, width, height);
  const w = box.x1 - box.x0 + 1;
  const h = box.y1 - box.y0 + 1;
  const source = (i: number): number => (box.y0 + Math.floor(i / w)) * width + box.x0 + (i % w);
  let total = 0;
  let n = 0;
  for (let c = 0; c < channels; c++) {
    const x = new Float64Array(w * h);
    const y = new Float64Array(w * h);
    for (let i = 0; i < w * h; i++) {
      x[i] = a[source(i) * channels + c]!;
      y[i] = b[source(i) * channels + c]!;
    }
    const mx = localMean(x, w, h);
    const my = localMean(y, w, h);
    const xx = localMean(
      x.map((v) => v * v),
      w,
      h,
    );
    const yy = localMean(
      y.map((v) => v * v),
      w,
      h,
    );
    const xy = localMean(
      x.map((v, i) => v * y[i]!),
      w,
      h,
    );
    for (let i = 0; i < w * h; i++) {
      if (mask && !mask[source(i)]) continue;
      const mux = mx[i]!;
      const muy = my[i]!;
      const vx = xx[i]! - mux * mux;
      const vy = yy[i]! - muy * muy;
      const cov = xy[i]! - mux * muy;
      total += ((2 * mux * muy + C1) * (2 * cov + C2)) / ((mux * mux + muy * muy + C1) * (vx + vy + C2));
      n++;
    }
  }
  return total / n;
}
