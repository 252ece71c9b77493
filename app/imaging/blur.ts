/** Separable Gaussian blur of interleaved samples (edges clamped), σ in output pixels. */
export function gaussianBlur(
  src: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  sigma: number,
): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, k) =>
    Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  const weights = kernel.map((w) => w / total);
  const pass = (from: ArrayLike<number>, horizontal: boolean): Float64Array => {
    const out = new Float64Array(from.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          let v = 0;
          for (let k = -radius; k <= radius; k++) {
            const xx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const yy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
            v += weights[k + radius]! * from[(yy * width + xx) * channels + c]!;
          }
          out[(y * width + x) * channels + c] = v;
        }
      }
    }
    return out;
  };
  return pass(pass(src, true), false);
}
