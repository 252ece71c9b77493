/** Binds the engine to the real core task functions; imported lazily by the engine process. */
import * as tf from '@tensorflow/tfjs';
import { createInferencePool } from '../compute/index.js';
import { pixelAttention } from '../tasks/attention.js';
import { exportImage, previewUpscale, runInpaint, runUpscale, timeUpscale } from '../tasks/index.js';
import { fineTune } from '../training/fine-tune.js';
import { scanFolder } from '../training/scan-folder.js';
import type { EngineTasks } from './tasks.js';

export const engineTasks: EngineTasks = {
  createInferencePool,
  runInpaint,
  runUpscale,
  previewUpscale,
  timeUpscale,
  exportImage,
  fineTune,
  pixelAttention,
  scanFolder,
  liveTensors: () => tf.memory().numTensors,
};
