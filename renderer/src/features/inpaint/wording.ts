/** The uncertainty legend's words: how far off the model expects each filled pixel to be, in plain terms. */
export const UNCERTAINTY_CAPTION = 'how unsure: the expected error, in levels of 255';

/** The model's std (in [0, 1] colour units) as levels of 255, the scale photo editors show. */
export function uncertaintyLevels(std: number): string {
  return String(Math.round(Math.max(0, std) * 255));
}
