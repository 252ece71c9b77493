/**
 * The core task functions the engine schedules (app/tasks, app/compute, app/training). The engine
 * takes them as one object, loaded on first use (`engine-tasks.ts`), so calls that need no model
 * (open, preview, models) never load tfjs.
 */
import type { InferencePool, createInferencePool } from '../compute/index.js';
import type { pixelAttention } from '../tasks/attention.js';
import type { exportImage, previewUpscale, runInpaint, runUpscale, timeUpscale } from '../tasks/index.js';
import type { fineTune } from '../training/fine-tune.js';
import type { scanFolder } from '../training/scan-folder.js';

export type { InferencePool };

export interface EngineTasks {
  createInferencePool: typeof createInferencePool;
  runInpaint: typeof runInpaint;
  runUpscale: typeof runUpscale;
  previewUpscale: typeof previewUpscale;
  timeUpscale: typeof timeUpscale;
  exportImage: typeof exportImage;
  fineTune: typeof fineTune;
  pixelAttention: typeof pixelAttention;
  scanFolder: typeof scanFolder;
  /** Live tfjs tensors in the engine's own thread (fine-tuning and the attention view run there). */
  liveTensors: () => number;
}
