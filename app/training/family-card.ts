/** What a grid family's model card is rendered from (see grid-run.ts). */
import type { TrainableModel } from '../model-factory.js';
import type { AnyBatchOptions, TrainRecipe } from './train.js';

/** What a family's card is rendered from. */
export interface FamilyCardInfo<M extends TrainableModel, B extends AnyBatchOptions, Q> {
  title: string;
  summary: string;
  config: M['config'];
  parameters: number;
  data: {
    folder: string;
    trainFiles: number;
    heldOutFiles: number;
    excluded?: { list: string; files: number };
  };
  recipe: TrainRecipe<B>;
  steps: number;
  trainSeconds: number;
  backend: string;
  workers: number;
  command: string;
  status: string;
  /** Fixed examples of the training photos (while training) and of the held-out photos (at the end). */
  quality: { training?: Q; heldOut?: Q };
}
