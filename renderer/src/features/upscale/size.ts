/** Target sizes for upscaling: a scale factor or an exact size, with the aspect ratio optionally locked. */
import { MAX_SCALE, MIN_SCALE } from '../../../../app/api/limits.js';

export { MAX_SCALE, MIN_SCALE };

export function scaledSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** The other side for a locked aspect ratio (at least 1 pixel). */
export function lockedHeight(sourceW: number, sourceH: number, width: number): number {
  return Math.max(1, Math.round((width * sourceH) / sourceW));
}

export function lockedWidth(sourceW: number, sourceH: number, height: number): number {
  return Math.max(1, Math.round((height * sourceW) / sourceH));
}

/** Why a requested size is not allowed (the model only enlarges, up to MAX_SCALE× per side), or null. */
export function sizeProblem(sourceW: number, sourceH: number, width: number, height: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return 'Width and height must be whole numbers of pixels.';
  }
  if (width < sourceW || height < sourceH) return 'The new size must not be smaller than the image.';
  if (width > sourceW * MAX_SCALE || height > sourceH * MAX_SCALE) {
    return `At most ${MAX_SCALE}× the image size per side.`;
  }
  return null;
}
