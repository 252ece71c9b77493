import { featureKey } from '../../lib/stores/studio.svelte.js';
import type { AttentionStore } from './attention.svelte.js';
import type { InpaintStore } from './inpaint.svelte.js';

/** The Complete tab's stores: the completion and the attention view over it. */
export interface Completion {
  inpaint: InpaintStore;
  attention: AttentionStore;
  /** The attention view: what the completed pixel under (x, y) attended to. */
  inspectAttention(x: number, y: number): Promise<void>;
}

export const COMPLETION = featureKey<Completion>('inpaint');

/** The completion's stores, for a component inside the studio. */
export const useCompletion = (): Completion => COMPLETION.use();
