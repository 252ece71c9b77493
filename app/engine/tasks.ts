/**
 * The core task functions the engine schedules, as the engine calls them. They are implemented in
 * app/tasks, app/compute and app/training; `engine-tasks.ts` binds the real ones.
 */
import type { ApiParsedArgs, ExportResult, FineTuneOutput, MaskT } from '../api/contract.js';
import type { ModelRef, TaskProgress } from '../util/task.js';

export interface InferencePool {
  dispose(): Promise<void> | void;
}

interface Cancellable {
  signal: AbortSignal;
  onProgress: (progress: TaskProgress) => void;
}

export interface EngineTasks {
  createInferencePool(options: { workers: number }): InferencePool;
  runInpaint(
    options: Cancellable & {
      input: string;
      mask: MaskT;
      samples: number;
      seed: number;
      model: ModelRef;
      outDir: string;
      pool: InferencePool;
    },
  ): Promise<{ samples: string[]; mean: string; uncertainty: string; uncertaintyMax: number }>;
  runUpscale(
    options: Cancellable & {
      input: string;
      size: ApiParsedArgs['upscale']['size'];
      model: ModelRef;
      outPath: string;
      pool: InferencePool;
    },
  ): Promise<{ path: string }>;
  exportImage(options: {
    input: string;
    outPath: string;
    format: ApiParsedArgs['exportImage']['format'];
    quality: number;
    overwrite: boolean;
  }): Promise<Required<Pick<ExportResult, 'path' | 'bytes'>>>;
  fineTune(
    options: Cancellable & {
      folder: string;
      fromModel: ModelRef;
      name: string;
      steps: number;
      modelsDir: string;
    },
  ): Promise<Omit<FineTuneOutput, 'kind' | 'model'> & { model: ModelRef }>;
}
