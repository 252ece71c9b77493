import type { Comparison } from './document.svelte.js';

/** What was made on a photo and not accepted yet; it stays with the photo while another is shown. */
export interface PendingResults {
  /** Each feature's results, by the feature's id. */
  features: Readonly<Record<string, unknown>>;
  /** The result the canvas showed in place of the photo. */
  comparison: Comparison | null;
}

export const NO_RESULTS: PendingResults = { features: {}, comparison: null };

/** Where the workspace takes the shown photo's results from when it is left, and puts them back. */
export interface ResultShelf {
  /** The shown photo's results, cleared from the panels and the canvas. */
  take(): PendingResults;
  put(results: PendingResults): void;
  /** The engine images the results refer to. */
  imageIds(results: PendingResults): string[];
}

/** Adds `more` to kept results: each feature's results replace that feature's, a comparison the last one. */
export function mergeResults(kept: PendingResults, more: Partial<PendingResults>): PendingResults {
  return {
    features: { ...kept.features, ...more.features },
    comparison: more.comparison === undefined ? kept.comparison : more.comparison,
  };
}
