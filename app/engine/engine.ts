/**
 * The engine behind both bindings (Electron IPC and the local web host): one `call(method, args)`
 * that validates every argument against the contract, plus a stream of job events.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendPreference } from '../../models/backend.js';
import { initAppBackend, resolvePreference } from '../compute/backend-choice.js';
import type { PageChannel } from '../compute/webgpu/page-channel.js';
import { createPagePool } from '../compute/webgpu/page-pool.js';
import { pageWebGpu } from '../compute/webgpu/page-webgpu.js';
import type {
  ApiEvent,
  ApiMethod,
  ApiParsedArgs,
  ApiResults,
  EngineInfo,
  ImageInfo,
} from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { enforcePaths, type PathPolicy } from '../api/path-policy.js';
import { isApiMethod, validateArgs } from '../api/validate.js';
import { shapesToPngMask } from '../imaging/mask.js';
import { checkShapesCost } from '../imaging/mask-shapes.js';
import { checkCost, inpaintCost, overLimits, upscaleCost } from '../tasks/job-cost.js';
import { checkRegionInside, resolveOutputSize, type UpscaleSize } from '../tasks/size.js';
import { NEVER_ABORTED } from '../util/task.js';
import { ImageStore } from './image-store.js';
import { JobQueue, type JobRunner } from './job-queue.js';
import { ModelRegistry, type InferenceTask, type ModelRegistryOptions } from './model-registry.js';
import { pausedRuns } from '../training/run-start.js';
import { resultStem } from './result-names.js';
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

const CONFIRM = 'confirm to run it anyway';

type Handlers = { [M in ApiMethod]: (args: ApiParsedArgs[M]) => Promise<ApiResults[M]> };
export type EventListener = (event: ApiEvent) => void;
type PreparedUpscale = Awaited<ReturnType<Engine['prepareUpscale']>>;

export class Engine {
  private readonly listeners = new Set<EventListener>();
  private readonly jobs = new JobQueue((event) => this.emit(event));
  private readonly timing = new UpscaleTiming();
  private engineInfo?: Promise<EngineInfo>;
  private pool?: InferencePool;
  private loadedTasks?: Promise<EngineTasks>;
  private disposed = false;
  private warming?: Promise<void>;

  private constructor(
    private readonly images: ImageStore,
    private readonly models: ModelRegistry,
    private readonly loadTasks: () => Promise<EngineTasks>,
    private readonly backend: BackendPreference,
    private readonly paths: PathPolicy | undefined,
    private readonly compute: PageChannel | undefined,
  ) {}

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
      await this.tileSeconds(await this.prepareUpscale({ imageId, size: { kind: 'scale', scale: 2 } }));
    })().catch(() => {
      this.warming = undefined;
    });
  }

  /** What every inference job needs; resolved before the job is queued, so mistakes fail the call. */
  private async prepareInference(imageId: string, modelId: string | undefined, task: InferenceTask) {
    const image = this.images.get(imageId);
    const [model, pool, tasks] = await Promise.all([
      this.models.resolve(modelId, task),
      this.inferencePool(),
      this.tasks(),
    ]);
    return { input: image.path, model, pool, tasks, stem: resultStem(image.info.name) };
  }

  /** An upscale's inputs, output size, cost and the key of its measured tile rate. */
  private async prepareUpscale(args: { imageId: string; modelId?: string | undefined; size: UpscaleSize }) {
    const inference = await this.prepareInference(args.imageId, args.modelId, 'upscale');
    const image = this.images.get(args.imageId).info;
    const out = resolveOutputSize(image.width, image.height, args.size);
    const { model, pool } = inference;
    const cost = upscaleCost(image, out, await pool.describe(model));
    const sample = { input: inference.input, size: args.size, model, pool, signal: NEVER_ABORTED };
    return { ...inference, out, cost, sample, rateKey: UpscaleTiming.key(model, pool.workers, image, out) };
  }

  /** Seconds per tile of the upscale's plan: measured before, else timed now on a sample of it. */
  private tileSeconds(upscale: PreparedUpscale): Promise<number> {
    return this.timing.secondsPerTile(upscale.rateKey, () => upscale.tasks.timeUpscale(upscale.sample));
  }

  private async jobDir(): Promise<string> {
    return mkdtemp(join(this.images.sessionDir, 'job-'));
  }

  private readonly handlers: Handlers = {
    openImage: async (args) => {
      const opened =
        args.kind === 'path'
          ? await this.images.openPath(args.path)
          : args.kind === 'upload'
            ? await this.images.openUpload(args.uploadId, args.name)
            : await this.images.openBytes(args.name, Buffer.from(args.dataBase64, 'base64'));
      this.warmUp(opened.id);
      return opened;
    },
    imageInfo: async ({ id }) => this.images.get(id).info,
    imagePreview: ({ id, maxSide }) => this.images.preview(id, maxSide),
    closeImage: async ({ id }) => {
      await this.images.close(id);
      return { closed: true };
    },
    inpaint: async (args) => {
      const image = this.images.get(args.imageId).info;
      const { width, height } = image;
      if (args.mask.kind === 'shapes') checkShapesCost(args.mask.shapes, width, height);
      checkCost('this completion', inpaintCost(image), args.confirm, CONFIRM);
      const { tasks, stem, ...common } = await this.prepareInference(args.imageId, args.modelId, 'inpaint');
      const jobId = this.jobs.submit('inpaint', async (context) => {
        const { samples, seed } = args;
        const mask =
          args.mask.kind === 'shapes'
            ? await shapesToPngMask(args.mask.shapes, width, height, context.signal)
            : args.mask;
        const out = await tasks.runInpaint({
          ...context,
          ...common,
          mask,
          samples,
          seed,
          outDir: await this.jobDir(),
        });
        const adopt = (path: string, label: string): Promise<ImageInfo> =>
          this.images.adopt(path, `${stem}-${label}.png`);
        return {
          kind: 'inpaint',
          samples: await Promise.all(out.samples.map((path, i) => adopt(path, `sample${i + 1}`))),
          mean: await adopt(out.mean, 'mean'),
          uncertainty: await adopt(out.uncertainty, 'uncertainty'),
          uncertaintyMax: out.uncertaintyMax,
        };
      });
      return { jobId };
    },
    upscale: async (args) => {
      const upscale = await this.prepareUpscale(args);
      const { tasks, stem, input, model, pool, out, cost, rateKey } = upscale;
      checkCost(`this upscale to ${out.width}×${out.height}`, cost, args.confirm, CONFIRM);
      const jobId = this.jobs.submit('upscale', async (context) => {
        // The first ETA comes from the plan's measured rate (timed now if no estimate timed it).
        const unitSeconds = await this.tileSeconds(upscale);
        const message = `upscaling to ${out.width}×${out.height}`;
        context.onProgress({ done: 0, total: cost.tiles, message, unitSeconds });
        const started = performance.now();
        const outPath = join(await this.jobDir(), 'upscaled.png');
        const done = await tasks.runUpscale({ ...context, input, model, pool, size: args.size, outPath });
        this.timing.record(rateKey, (performance.now() - started) / 1000 / cost.tiles);
        return { kind: 'upscale', image: await this.images.adopt(done.path, `${stem}-upscaled.png`) };
      });
      return { jobId };
    },
    estimateUpscale: async (args) => {
      const upscale = await this.prepareUpscale(args);
      const { out, cost } = upscale;
      // A sample timed beside a running job would measure both; it waits for the queue to empty.
      if (this.timing.known(upscale.rateKey) === undefined) await this.jobs.idle();
      const seconds = (await this.tileSeconds(upscale)) * cost.tiles;
      return { ...out, tiles: cost.tiles, seconds, needsConfirmation: overLimits(cost) };
    },
    upscaleRegion: async (args) => {
      const { tasks, stem, out, sample } = await this.prepareUpscale(args);
      checkRegionInside(args.region, out);
      const outPath = join(await this.jobDir(), 'preview.png');
      const region = args.region;
      const preview = await this.timing.inLane(() => tasks.previewUpscale({ ...sample, region, outPath }));
      return {
        image: await this.images.adopt(preview.path, `${stem}-preview.png`),
        seconds: preview.seconds,
      };
    },
    fineTune: async (args) => {
      const fromModel = await this.models.resolve(args.fromModel);
      const uploads = args.imageIds?.map((id) => this.images.get(id));
      // Uploaded photos are linked beside the run's work folder: a paused run keeps them for its resume.
      const uploadedDir = join(this.models.userDir, `.${args.name}.photos`);
      const run: JobRunner = async (context) => {
        let paused = false;
        try {
          if (uploads) {
            await rm(uploadedDir, { recursive: true, force: true });
            await mkdir(uploadedDir, { recursive: true });
            await this.images.linkFolder(uploads, uploadedDir);
          }
          const out = await (
            await this.tasks()
          ).fineTune({
            ...context,
            folder: args.folder ?? (uploads ? uploadedDir : undefined),
            fromModel,
            name: args.name,
            steps: args.steps,
            resume: args.resume,
            modelsDir: this.models.userDir,
          });
          if ('paused' in out) {
            paused = true;
            const { name, fromModel } = args;
            return { kind: 'fineTunePaused', name, fromModel, step: out.step, steps: out.steps };
          }
          return {
            kind: 'fineTune',
            model: await this.models.info(out.model.id),
            heldOutNllBefore: out.heldOutNllBefore,
            heldOutNllAfter: out.heldOutNllAfter,
          };
        } finally {
          if (!paused) await rm(uploadedDir, { recursive: true, force: true });
        }
      };
      return { jobId: this.jobs.submit('fineTune', run, { pausable: true }) };
    },
    pausedFineTunes: async () =>
      (await pausedRuns(this.models.userDir)).map((run) => ({ kind: 'fineTunePaused' as const, ...run })),
    cancel: async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    pause: async ({ jobId }) => ({ paused: this.jobs.pause(jobId) }),
    listModels: () => this.models.list(),
    selectModel: ({ id }) => this.models.select(id),
    exportImage: async (args) => {
      const input = this.images.pathOf(args.imageId);
      const options = { input, format: args.format, quality: args.quality, overwrite: args.overwrite };
      if (args.path) return (await this.tasks()).exportImage({ ...options, outPath: args.path });
      // No path (browser mode): encode into the session folder and hand back the bytes to download.
      const dir = await this.jobDir();
      const outPath = join(dir, `export.${args.format}`);
      try {
        const { bytes } = await (await this.tasks()).exportImage({ ...options, outPath, overwrite: true });
        return { bytes, dataBase64: (await readFile(outPath)).toString('base64') };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    engineInfo: () => this.info(),
    scanFolder: async ({ folder }) => (await this.tasks()).scanFolder(folder),
    engineMemory: async () => {
      const { rss, heapUsed } = process.memoryUsage();
      return { rssBytes: rss, heapUsedBytes: heapUsed };
    },
    pixelAttention: async ({ imageId, mask, x, y, modelId }) => {
      // The model runs here, in the engine process, on the backend the engine chose.
      const completed = this.images.pathOf(imageId);
      const [model, tasks] = await Promise.all([
        this.models.resolve(modelId, 'inpaint'),
        this.tasks(),
        this.info(),
      ]);
      return tasks.pixelAttention({ completed, mask, x, y, model });
    },
  };
}
