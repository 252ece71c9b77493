/** Binds the engine to the real core task functions; imported lazily by the engine process. */
import { ApiError } from '../api/errors.js';
import { createInferencePool } from '../compute/index.js';
import { exportImage, runInpaint, runUpscale } from '../tasks/index.js';
import type { EngineTasks } from './tasks.js';

export const engineTasks: EngineTasks = {
  createInferencePool,
  runInpaint,
  runUpscale,
  exportImage,
  fineTune: () => Promise.reject(new ApiError('INTERNAL', 'fine-tuning is not wired into this build yet')),
};
