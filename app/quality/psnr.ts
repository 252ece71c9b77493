/** Peak signal-to-noise ratio of 8-bit images, over all pixels or only those a mask selects. */
export function psnr(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  channels: number,
  mask?: Uint8Array,
): number {
  if (a.length !== b.length)
    throw new Error(`psnr: images differ in size (${a.length} vs ${b.length} samples)`);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask && !mask[Math.floor(i / channels)]) continue;
    sum += (a[i]! - b[i]!) ** 2;
    n++;
  }
  if (n === 0) throw new Error('psnr: no pixels to compare');
  const mse = sum / n;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** The mean of per-image PSNRs (dB), the usual way benchmarks average. */
export function meanDb(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : NaN;
}
