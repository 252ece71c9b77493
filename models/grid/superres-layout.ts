/**
 * Where the output pixels of a resize fall on the low-resolution grid, one axis at a time: each
 * output pixel j of `outSize` has its centre at u = (j + ½)·inSize/outSize in low-resolution pixels
 * (pixel i covers [i, i + 1)); its anchor is the pixel it lies in, and its offset u − (anchor + ½),
 * in [−½, ½). The grid super-resolution ANP takes targets
 * grouped by anchor, `slots` to an anchor on this axis.
 */
export interface AxisLayout {
  inSize: number;
  outSize: number;
  /** Most output pixels one anchor holds on this axis. */
  slots: number;
  /** [inSize · slots]: the output pixel in each anchor's slot, −1 for an empty slot. */
  index: Int32Array;
  /** [inSize · slots]: that pixel's offset from its anchor's centre (0 in an empty slot). */
  offset: Float32Array;
}

export function axisLayout(inSize: number, outSize: number): AxisLayout {
  if (!Number.isInteger(inSize) || !Number.isInteger(outSize) || inSize < 1 || outSize < 1)
    throw new RangeError(`axisLayout: sizes must be positive integers, got ${inSize} → ${outSize}`);
  const anchors = new Int32Array(outSize);
  const offsets = new Float64Array(outSize);
  const counts = new Int32Array(inSize);
  for (let j = 0; j < outSize; j++) {
    const u = ((j + 0.5) * inSize) / outSize;
    const anchor = Math.min(inSize - 1, Math.floor(u));
    anchors[j] = anchor;
    offsets[j] = u - (anchor + 0.5);
    counts[anchor]!++;
  }
  const slots = Math.max(...counts);
  const index = new Int32Array(inSize * slots).fill(-1);
  const offset = new Float32Array(inSize * slots);
  const filled = new Int32Array(inSize);
  for (let j = 0; j < outSize; j++) {
    const at = anchors[j]! * slots + filled[anchors[j]!]!++;
    index[at] = j;
    offset[at] = offsets[j]!;
  }
  return { inSize, outSize, slots, index, offset };
}
