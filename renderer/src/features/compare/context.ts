import { featureKey } from '../../lib/stores/studio.svelte.js';
import type { CompareStore } from './compare.svelte.js';

export const COMPARING = featureKey<CompareStore>('compare');

/** The before/after split, for a component inside the studio. */
export const useCompare = (): CompareStore => COMPARING.use();
