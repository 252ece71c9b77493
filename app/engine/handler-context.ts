/**
 * What the engine's handler modules (handle-*.ts) share: the table's type, and the engine's parts a
 * handler may use. The engine builds one context and spreads every module's handlers into its table.
 */
import type { ApiMethod, ApiParsedArgs, ApiResults, EngineInfo } from '../api/contract.js';
import type { ImageStore } from './image-store.js';
import type { JobQueue } from './job-queue.js';
import type { InferenceTask, ModelRegistry } from './model-registry.js';
import { resultStem } from './result-names.js';
import type { EngineTasks, InferencePool } from './tasks.js';
import type { UpscaleTiming } from './upscale-timing.js';

export type Handlers = { [M in ApiMethod]: (args: ApiParsedArgs[M]) => Promise<ApiResults[M]> };

export interface EngineContext {
  readonly images: ImageStore;
  readonly models: ModelRegistry;
  readonly jobs: JobQueue;
  readonly timing: UpscaleTiming;
  /** The core task functions, loaded on first use. */
  tasks(): Promise<EngineTasks>;
  /** The backend the engine chose (started on first use). */
  info(): Promise<EngineInfo>;
  inferencePool(): Promise<InferencePool>;
  /** Runs `body` with a fresh folder for one job's files in the session folder, removed when it ends. */
  withJobDir<T>(body: (dir: string) => Promise<T>): Promise<T>;
  /** Starts the threads and times a first upscale in the background, once a photo is open. */
  warmUp(imageId: string): void;
}

/** The question a costly job's refusal ends with. */
export const CONFIRM = 'confirm to run it anyway';

/** What every inference job needs; resolved before the job is queued, so mistakes fail the call. */
export async function prepareInference(
  engine: EngineContext,
  imageId: string,
  modelId: string | undefined,
  task: InferenceTask,
) {
  const image = engine.images.get(imageId);
  const [model, pool, tasks] = await Promise.all([
    engine.models.resolve(modelId, task),
    engine.inferencePool(),
    engine.tasks(),
  ]);
  return { input: image.path, model, pool, tasks, stem: resultStem(image.info.name) };
}
