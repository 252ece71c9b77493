/**
 * The output size of an upscale, in one place for the engine, the tasks, the CLI and the renderer: a
 * scale factor or an exact size, the aspect ratio a locked side keeps, and the one rule of what may be
 * asked for (whole sides of at most MAX_SIDE pixels, enlarging only, up to MAX_SCALE× per side). A pure
 * module: the renderer imports it, so it imports nothing but other pure modules of app/api.
 */
import { ApiError } from './errors.js';
import { MAX_SCALE, MAX_SIDE, MIN_SCALE } from './limits.js';

export type UpscaleSize =
  { kind: 'scale'; scale: number } | { kind: 'exact'; width: number; height?: number };

export interface Size {
  width: number;
  height: number;
}

/** Why a scale factor is not allowed (it is not a finite number, or not from MIN_SCALE to MAX_SCALE), or null. */
export function scaleProblem(scale: number): 'not-finite' | 'out-of-range' | null {
  if (typeof scale !== 'number' || !Number.isFinite(scale)) return 'not-finite';
  return scale < MIN_SCALE || scale > MAX_SCALE ? 'out-of-range' : null;
}

/** Both sides enlarged by `scale`, rounded (a scale the range allows keeps them at 1 pixel or more). */
export function scaledSize(width: number, height: number, scale: number): Size {
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** The other side for a locked aspect ratio (at least 1 pixel). */
export function lockedHeight(sourceW: number, sourceH: number, width: number): number {
  return Math.max(1, Math.round((width * sourceH) / sourceW));
}

export function lockedWidth(sourceW: number, sourceH: number, height: number): number {
  return Math.max(1, Math.round((height * sourceW) / sourceH));
}

/** Whether a side is a whole number of pixels from 1 to MAX_SIDE. */
export function sideAllowed(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_SIDE;
}

/** What is wrong with an output size for an input: the first problem, in the order they are checked. */
export type SizeProblem =
  /** A side is not a whole number of pixels from 1 to MAX_SIDE. */
  | { kind: 'side'; side: 'width' | 'height'; value: number }
  /** A side is smaller than the input's: upscaling only enlarges. */
  | { kind: 'smaller' }
  /** A side is more than MAX_SCALE× the input's. */
  | { kind: 'over-scale' };

export function outputSizeProblem(inW: number, inH: number, outW: number, outH: number): SizeProblem | null {
  if (!sideAllowed(outW)) return { kind: 'side', side: 'width', value: outW };
  if (!sideAllowed(outH)) return { kind: 'side', side: 'height', value: outH };
  if (outW < inW || outH < inH) return { kind: 'smaller' };
  if (outW > inW * MAX_SCALE || outH > inH * MAX_SCALE) return { kind: 'over-scale' };
  return null;
}

/** The output size an upscale request asks for, checked with one clear error per mistake. */
export function resolveOutputSize(width: number, height: number, size: UpscaleSize): Size {
  if (size.kind === 'scale') {
    const { scale } = size;
    const problem = scaleProblem(scale);
    if (problem === 'not-finite') {
      throw invalid(`scale must be a finite number (got ${String(scale)})`);
    }
    if (problem) throw invalid(`scale must be between ${MIN_SCALE} and ${MAX_SCALE} (got ${scale})`);
    return checked(width, height, scaledSize(width, height, scale));
  }
  checkSide('width', size.width);
  if (size.height !== undefined) checkSide('height', size.height);
  const outHeight = size.height ?? lockedHeight(width, height, size.width);
  return checked(width, height, { width: size.width, height: outHeight });
}

/** Refuses a region (of output pixels) that does not lie inside the output. */
export function checkRegionInside(region: { x: number; y: number } & Size, out: Size): void {
  if (region.x + region.width > out.width || region.y + region.height > out.height) {
    const { x, y, width, height } = region;
    throw invalid(
      `the region ${width}×${height} at (${x}, ${y}) reaches past the ${out.width}×${out.height} output`,
    );
  }
}

const invalid = (message: string) => new ApiError('INVALID_ARGUMENT', message);

function checkSide(name: string, value: number): void {
  if (!sideAllowed(value)) throw invalid(sideMessage(name, value));
}

const sideMessage = (name: string, value: number) =>
  `${name} must be a whole number of pixels from 1 to ${MAX_SIDE} (got ${value})`;

function checked(inW: number, inH: number, out: Size): Size {
  const problem = outputSizeProblem(inW, inH, out.width, out.height);
  if (!problem) return out;
  if (problem.kind === 'side') throw invalid(sideMessage(`the output ${problem.side}`, problem.value));
  const sizes = `the output ${out.width}×${out.height}`;
  const input = `the input ${inW}×${inH}`;
  if (problem.kind === 'smaller') {
    throw invalid(`${sizes} is smaller than ${input}; upscaling only enlarges`);
  }
  throw invalid(`${sizes} is more than ${MAX_SCALE}× ${input}`);
}
