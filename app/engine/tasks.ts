/**
 * The core task functions the engine schedules (app/tasks, app/compute, app/training). The engine
 * takes them as one object, loaded on first use (`engine-tasks.ts`), so calls that need no model
 * (open, preview, models) never load tfjs.
 */
import type { InferencePool, createInferencePool } from '../compute/index.js';
import type { exportImage, runInpaint, runUpscale } from '../tasks/index.js';
import type { FineTuneOutput } from '../api/contract.js';
import type { ModelRef, TaskContext } from '../util/task.js';

export type { InferencePool };

export interface FineTuneTaskOptions extends TaskContext {
  folder: string;
  fromModel: ModelRef;
  name: string;
  steps: number;
  modelsDir: string;
}

export interface EngineTasks {
  createInferencePool: typeof createInferencePool;
  runInpaint: typeof runInpaint;
  runUpscale: typeof runUpscale;
  exportImage: typeof exportImage;
  fineTune(
    options: FineTuneTaskOptions,
  ): Promise<Omit<FineTuneOutput, 'kind' | 'model'> & { model: ModelRef }>;
}
