import type { ModelInfo } from '../../../../app/api/contract.js';

/**
 * Whether a model fits the photos this app edits: colour models for colour photos. A greyscale model
 * (the MNIST digit models) fills a colour photo with a grey grid, so it is offered only for a
 * greyscale photo. Returns null when it fits, else why not.
 */
export function unfitReason(model: Pick<ModelInfo, 'channels'>, photoChannels: number | null): string | null {
  if (model.channels === 3) return null;
  if (model.channels === 1) {
    const grey = photoChannels === 1 || photoChannels === 2;
    return grey ? null : 'Greyscale digits (MNIST): turns a colour photo into a grey grid. Not for photos.';
  }
  return 'The model does not say which colours it predicts.';
}
