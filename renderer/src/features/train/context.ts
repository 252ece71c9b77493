import { featureKey } from '../../lib/stores/studio.svelte.js';
import type { TrainStore } from './train.svelte.js';

export const TRAINING = featureKey<TrainStore>('train');

/** The fine-tuning store, for a component inside the studio. */
export const useTraining = (): TrainStore => TRAINING.use();
