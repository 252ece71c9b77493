import type { ImageInfo, InpaintOutput, MaskT } from '../../../../app/api/contract.js';
import type { ResultChoice } from '../../features/inpaint/inpaint.svelte.js';
import type { Comparison } from './document.svelte.js';

/** A completion as the Complete panel holds it: its images, the mask it filled and the one chosen. */
export interface InpaintResults {
  output: InpaintOutput;
  ranMask: MaskT;
  choice: ResultChoice | null;
}

/** What was made on a photo and not accepted yet; it stays with the photo while another is shown. */
export interface PendingResults {
  inpaint: InpaintResults | null;
  upscale: ImageInfo | null;
  /** The result the canvas showed in place of the photo. */
  comparison: Comparison | null;
}

export const NO_RESULTS: PendingResults = { inpaint: null, upscale: null, comparison: null };

/** Where the workspace takes the shown photo's results from when it is left, and puts them back. */
export interface ResultShelf {
  /** The shown photo's results, cleared from the panels and the canvas. */
  take(): PendingResults;
  put(results: PendingResults): void;
}

/** Hands results of a job that ended after its photo was left to that photo (by its current image). */
export type KeepResults = (imageId: string, results: Partial<PendingResults>) => void;

/** The engine images the results refer to. */
export function pendingImageIds(results: PendingResults): string[] {
  const output = results.inpaint?.output;
  const inpaint = output ? [...output.samples, output.mean, output.uncertainty] : [];
  return [...inpaint, ...(results.upscale ? [results.upscale] : [])].map((image) => image.id);
}
