/** The Upscale panel's words for the size rules of app/api/output-size.ts (the engine's own). */
import { MAX_SCALE, MAX_SIDE, MIN_SCALE } from '../../../../app/api/limits.js';
import { outputSizeProblem, scaleProblem } from '../../../../app/api/output-size.js';

/** Why a scale factor is not allowed, or null. */
export function scaleMessage(scale: number): string | null {
  return scaleProblem(scale) ? `The scale factor must be between ${MIN_SCALE} and ${MAX_SCALE}.` : null;
}

/** Why a requested size is not allowed (the model only enlarges, up to MAX_SCALE× per side), or null. */
export function sizeProblem(sourceW: number, sourceH: number, width: number, height: number): string | null {
  const problem = outputSizeProblem(sourceW, sourceH, width, height);
  if (!problem) return null;
  if (problem.kind === 'side') {
    return Number.isInteger(problem.value) && problem.value > MAX_SIDE
      ? `At most ${MAX_SIDE} pixels per side.`
      : 'Width and height must be whole numbers of pixels.';
  }
  if (problem.kind === 'smaller') return 'The new size must not be smaller than the image.';
  return `At most ${MAX_SCALE}× the image size per side.`;
}
