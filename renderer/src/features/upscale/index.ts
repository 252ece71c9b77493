/** Upscale and export: the Upscale tab and the region loupe it puts on the canvas. */
import type { ImageInfo } from '../../../../app/api/contract.js';
import { defineFeature } from '../../lib/stores/studio.svelte.js';
import { BatchUpscaleStore, upscaleAllOpen } from './batch.svelte.js';
import { UPSCALE_TAB, UPSCALING, type Upscaling } from './context.js';
import { UpscaleEstimateStore } from './estimate.svelte.js';
import { ExportStore, exportShown } from './export.svelte.js';
import ExportPanel from './ExportPanel.svelte';
import { RegionPreviewStore } from './region-preview.svelte.js';
import { UpscaleStore } from './upscale.svelte.js';
import UpscalePanel from './UpscalePanel.svelte';

export { UPSCALE_TAB, useUpscaling } from './context.js';

export const upscale = defineFeature<Upscaling, ImageInfo>({
  key: UPSCALING,
  create({ studio, keep }) {
    const { api, jobs, document, bridge } = studio;
    const store = new UpscaleStore(api, jobs, document, keep);
    const exporter = new ExportStore(api, bridge);
    const batch = new BatchUpscaleStore(api, jobs);
    void exporter.loadOutputFolder().catch(() => undefined);
    return {
      batch,
      upscaleAll: () => upscaleAllOpen(studio, store, batch, exporter),
      upscale: store,
      upscaleEstimate: new UpscaleEstimateStore(api),
      regionPreview: new RegionPreviewStore(api, store, document),
      exporter,
      exportShown: (saveAs = false) => exportShown(studio, exporter, saveAs),
    };
  },
  tabs: [{ id: UPSCALE_TAB, label: 'Upscale', order: 20, panels: [UpscalePanel, ExportPanel] }],
  commands: ({ exportShown: exportIt }) => ({ export: () => void exportIt() }),
  results: {
    take: ({ upscale: store }) => store.result,
    put: ({ upscale: store }, result) => (store.result = result),
    discard: ({ upscale: store, regionPreview }) => {
      regionPreview.discard();
      store.result = null;
    },
    imageIds: (result) => [result.id],
  },
});
