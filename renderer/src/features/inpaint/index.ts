/** Erase & complete, with the attention view: the Complete tab, its keys and the layers it puts on the canvas. */
import { defineFeature } from '../../lib/stores/studio.svelte.js';
import { AttentionStore } from './attention.svelte.js';
import { COMPLETION, type Completion } from './context.js';
import { InpaintStore, type InpaintResults } from './inpaint.svelte.js';
import InpaintPanel from './InpaintPanel.svelte';

export { default as AttentionLayer } from './AttentionLayer.svelte';
export { default as UncertaintyOverlay } from './UncertaintyOverlay.svelte';
export { useCompletion } from './context.js';

export const inpaint = defineFeature<Completion, InpaintResults>({
  key: COMPLETION,
  create({ studio, keep }) {
    const { api, jobs, document, mask } = studio;
    const storage = typeof localStorage === 'undefined' ? null : localStorage;
    const store = new InpaintStore(api, jobs, document, mask, keep, storage);
    const attention = new AttentionStore(api);
    return {
      inpaint: store,
      attention,
      async inspectAttention(x, y) {
        const image = store.shownCompletion;
        const ranMask = store.ranMask;
        if (!image || !ranMask) return;
        await studio.attempt(() => attention.inspect(image, ranMask, Math.floor(x), Math.floor(y)));
      },
    };
  },
  tabs: [{ id: 'inpaint', label: 'Complete', order: 10, panels: [InpaintPanel] }],
  commands: ({ inpaint: store }, studio) => ({
    complete: () => void studio.attempt(() => store.run()),
    accept: () => store.accept(),
    showOriginal: () => store.showOriginal(),
    escape: () => (studio.document.comparison ? store.showOriginal() : studio.notices.dismiss()),
  }),
  results: {
    take: ({ inpaint: store }) => store.results(),
    put: ({ inpaint: store }, results) => store.restore(results),
    discard: ({ inpaint: store, attention }) => {
      attention.clear();
      store.discard();
    },
    imageIds: ({ output }) => [...output.samples, output.mean, output.uncertainty].map((image) => image.id),
  },
});
