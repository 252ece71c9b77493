/**
 * Chessboard distance transforms (two passes): for each pixel, how many steps away the nearest pixel
 * with `bits[i] === value` is. Used to size coarse-to-fine pyramids and to rank context pixels.
 */
export function distanceTo(bits: Uint8Array, width: number, height: number, value: 0 | 1): Uint32Array {
  const far = width + height;
  const d = new Uint32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = bits[i] === value ? 0 : far;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = d[i]!;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + 1);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + 1);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + 1);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i]!;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + 1);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + 1);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + 1);
      }
      d[i] = v;
    }
  }
  return d;
}
