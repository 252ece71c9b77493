/** The models and fine-tuning: the Models tab. */
import { defineFeature } from '../../lib/stores/studio.svelte.js';
import { TRAINING } from './context.js';
import FineTunePanel from './FineTunePanel.svelte';
import ModelsPanel from './ModelsPanel.svelte';
import { TrainStore } from './train.svelte.js';

export const train = defineFeature({
  key: TRAINING,
  create: ({ studio }) => new TrainStore(studio.api, studio.jobs, studio.engine),
  tabs: [{ id: 'models', label: 'Models', order: 30, panels: [ModelsPanel, FineTunePanel] }],
});
