/**
 * The engine behind both bindings (Electron IPC and the local web host): one `call(method, args)`
 * that validates every argument against the contract, plus a stream of job events.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendPreference } from '../../models/backend.js';
import { initAppBackend, resolvePreference } from '../compute/backend-choice.js';
import type { PageChannel } from '../compute/webgpu/page-channel.js';
import { createPagePool } from '../compute/webgpu/page-pool.js';
import { pageWebGpu } from '../compute/webgpu/page-webgpu.js';
import type { ApiEvent, EngineInfo } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { enforcePaths, type PathPolicy } from '../api/path-policy.js';
import { isApiMethod, validateArgs } from '../api/validate.js';
import { imageHandlers } from './handle-images.js';
import { inpaintHandlers } from './handle-inpaint.js';
import { jobHandlers } from './handle-jobs.js';
import { modelHandlers } from './handle-models.js';
import { trainingHandlers } from './handle-training.js';
import { prepareUpscale, tileSeconds, upscaleHandlers } from './handle-upscale.js';
import type { EngineContext, Handlers } from './handler-context.js';
import { ImageStore } from './image-store.js';
import { JobQueue } from './job-queue.js';
import { ModelRegistry, type ModelRegistryOptions } from './model-registry.js';
import type { EngineTasks, InferencePool } from './tasks.js';
import { UpscaleTiming } from './upscale-timing.js';

export interface EngineOptions {
  models: ModelRegistryOptions;
  /** Loaded on first use, so calls that need no task (open, preview, models) start fast. */
  loadTasks: () => Promise<EngineTasks>;
  backend?: BackendPreference;
  /**
   * Where uploads and results go; a fresh temp folder by default, deleted on dispose. An engine
   * restarted on the folder of one that crashed gets its open images back.
   */
  sessionDir?: string;
  /** Checked on every call when set (browser mode: no paths at all). */
  paths?: PathPolicy;
  /** The browser compute page (WebGPU) the parent offers; tried after CUDA, before the CPU backends. */
  compute?: PageChannel;
}

export type EventListener = (event: ApiEvent) => void;

export class Engine {
  private readonly listeners = new Set<EventListener>();
  private readonly jobs = new JobQueue((event) => this.emit(event));
  private readonly timing = new UpscaleTiming();
  private engineInfo?: Promise<EngineInfo>;
  private pool?: InferencePool;
  private loadedTasks?: Promise<EngineTasks>;
  private disposed = false;
  private warming?: Promise<void>;
  /** The engine's parts the handler modules use. */
  private readonly context: EngineContext;
  /** One handler per API method, from the handler modules (handle-*.ts), by domain. */
  private readonly handlers: Handlers;

  private constructor(
    private readonly images: ImageStore,
    private readonly models: ModelRegistry,
    private readonly loadTasks: () => Promise<EngineTasks>,
    private readonly backend: BackendPreference,
    private readonly paths: PathPolicy | undefined,
    private readonly compute: PageChannel | undefined,
  ) {
    this.context = {
      images,
      models,
      jobs: this.jobs,
      timing: this.timing,
      tasks: () => this.tasks(),
      info: () => this.info(),
      inferencePool: () => this.inferencePool(),
      withJobDir: (body) => images.withJobDir(body),
      warmUp: (imageId) => this.warmUp(imageId),
    };
    this.handlers = {
      ...imageHandlers(this.context),
      ...upscaleHandlers(this.context),
      ...inpaintHandlers(this.context),
      ...trainingHandlers(this.context),
      ...modelHandlers(this.context),
      ...jobHandlers(this.context),
    };
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const sessionDir = options.sessionDir ?? (await mkdtemp(join(tmpdir(), 'anp-session-')));
    await mkdir(sessionDir, { recursive: true });
    return new Engine(
      await ImageStore.open(sessionDir),
      new ModelRegistry(options.models),
      options.loadTasks,
      options.backend ?? 'auto',
      options.paths,
      options.compute,
    );
  }

  /** The folder of uploads and results (job folders live in it while their job runs). */
  get sessionDir(): string {
    return this.images.sessionDir;
  }

  /** Validates the method and its arguments, then runs it. Errors for the user are ApiErrors. */
  async call(method: string, rawArgs: unknown): Promise<unknown> {
    if (!isApiMethod(method)) throw new ApiError('INVALID_ARGUMENT', `unknown method: ${method}`);
    const args = validateArgs(method, rawArgs);
    if (this.paths) enforcePaths(method, args, this.paths);
    const handler = this.handlers[method] as (args: unknown) => Promise<unknown>;
    return handler(args);
  }

  /**
   * Live tfjs tensors in the engine's thread and in each inference thread, for leak checks (the
   * soak bench); threads not started yet count as none.
   */
  async liveTensors(): Promise<{ engine: number; threads: number[] }> {
    const tasks = await this.tasks();
    return { engine: tasks.liveTensors(), threads: (await this.pool?.tensorCounts()) ?? [] };
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels running jobs, stops the workers and deletes the session's files. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.jobs.shutdown();
    await this.pool?.dispose();
    this.pool = undefined;
    await this.images.dispose();
    this.listeners.clear();
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private info(): Promise<EngineInfo> {
    const webgpu = this.compute ? { webgpu: pageWebGpu(this.compute) } : {};
    this.engineInfo ??= initAppBackend(this.backend, webgpu).catch((err: unknown) => {
      this.engineInfo = undefined;
      throw new ApiError('MODEL_ERROR', err instanceof Error ? err.message : String(err));
    });
    return this.engineInfo;
  }

  private tasks(): Promise<EngineTasks> {
    this.loadedTasks ??= this.loadTasks();
    return this.loadedTasks;
  }

  private async inferencePool(): Promise<InferencePool> {
    const { workers, backend } = await this.info();
    const tasks = await this.tasks();
    if (this.disposed) throw new ApiError('INTERNAL', 'the engine is shutting down');
    this.pool ??=
      backend === 'webgpu' && this.compute
        ? createPagePool(this.compute, {
            backend: 'webgpu',
            acceptSoftware: resolvePreference(this.backend) === 'webgpu',
          })
        : tasks.createInferencePool({ workers });
    return this.pool;
  }

  /**
   * Once the first photo is open, the threads start with the selected model in the background and
   * time an upscale of it by 2 (the Upscale panel's first size). Starting them and their first model
   * calls take seconds on 2 cores, which the first job's ETA and the first estimate would wait for.
   */
  private warmUp(imageId: string): void {
    this.warming ??= (async () => {
      const upscale = await prepareUpscale(this.context, { imageId, size: { kind: 'scale', scale: 2 } });
      await tileSeconds(this.context, upscale);
    })().catch(() => {
      this.warming = undefined;
    });
  }
}
