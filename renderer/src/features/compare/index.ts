/** Before/after: the split and the hold-to-compare button the canvas shows over a result. */
import { defineFeature } from '../../lib/stores/studio.svelte.js';
import { CompareStore } from './compare.svelte.js';
import { COMPARING } from './context.js';

export { default as CompareControls } from './CompareControls.svelte';
export { default as CompareLayer } from './CompareLayer.svelte';

export const compare = defineFeature({ key: COMPARING, create: () => new CompareStore() });
