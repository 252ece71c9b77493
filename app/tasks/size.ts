/** The output size an upscale request asks for, checked with one clear error per mistake. */
import { ApiError } from '../api/errors.js';
import { MAX_SCALE, MAX_SIDE, MIN_SCALE } from '../api/limits.js';

export type UpscaleSize =
  { kind: 'scale'; scale: number } | { kind: 'exact'; width: number; height?: number };

export { MAX_SCALE };

export function resolveOutputSize(
  width: number,
  height: number,
  size: UpscaleSize,
): { width: number; height: number } {
  if (size.kind === 'scale') {
    const { scale } = size;
    if (typeof scale !== 'number' || !Number.isFinite(scale)) {
      throw new ApiError('INVALID_ARGUMENT', `scale must be a finite number (got ${String(scale)})`);
    }
    if (scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `scale must be between ${MIN_SCALE} and ${MAX_SCALE} (got ${scale})`,
      );
    }
    return checkSides(
      width,
      height,
      Math.max(1, Math.round(width * scale)),
      Math.max(1, Math.round(height * scale)),
    );
  }
  checkSide('width', size.width);
  if (size.height !== undefined) checkSide('height', size.height);
  const outHeight = size.height ?? Math.max(1, Math.round((size.width * height) / width));
  return checkSides(width, height, size.width, outHeight);
}

/** Refuses a region (of output pixels) that does not lie inside the output. */
export function checkRegionInside(
  region: { x: number; y: number; width: number; height: number },
  out: { width: number; height: number },
): void {
  if (region.x + region.width > out.width || region.y + region.height > out.height) {
    const { x, y, width, height } = region;
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the region ${width}×${height} at (${x}, ${y}) reaches past the ${out.width}×${out.height} output`,
    );
  }
}

function checkSide(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIDE) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `${name} must be a whole number of pixels from 1 to ${MAX_SIDE} (got ${value})`,
    );
  }
}

function checkSides(inW: number, inH: number, outW: number, outH: number): { width: number; height: number } {
  checkSide('the output width', outW);
  checkSide('the output height', outH);
  if (outW < inW || outH < inH) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the output ${outW}×${outH} is smaller than the input ${inW}×${inH}; upscaling only enlarges`,
    );
  }
  if (outW > inW * MAX_SCALE || outH > inH * MAX_SCALE) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the output ${outW}×${outH} is more than ${MAX_SCALE}× the input ${inW}×${inH}`,
    );
  }
  return { width: outW, height: outH };
}
