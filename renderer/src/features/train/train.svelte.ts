import type {
  AnpApi,
  ApiArgs,
  FineTuneOutput,
  FineTunePaused,
  FolderScan,
  JobProgress,
  LossPoint,
  ModelInfo,
  ModelTask,
} from '../../../../app/api/contract.js';
import { describeError } from '../../lib/api/errors.js';
import { openArgsForFile } from '../../lib/api/files.js';
import type { EngineStore } from '../../lib/stores/engine.svelte.js';
import type { JobsStore } from '../../lib/stores/jobs.svelte.js';
import { TASK_VERBS } from './model-tasks.js';
import { isPhotoFile } from './picked-folder.js';

const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The run on screen, across its jobs (a pause ends one, Resume starts the next). */
export interface RunView {
  step: number;
  steps: number;
  state: 'running' | 'ended' | 'cancelled';
  /** What it is doing where that is not training ('reading photos', the evaluations); null while it trains. */
  phase: string | null;
  etaSeconds: number | null;
  /** The latest step's loss, NLL and speed. */
  metrics: Record<string, number> | null;
}

type RunArgs = Omit<ApiArgs['fineTune'], 'folder' | 'imageIds'> & { steps: number };

/** Fine-tune: the form, the running job, a paused run and the last result. */
export class TrainStore {
  folder = $state('');
  /** Browser mode: the photos of a folder the page picked, uploaded when the job starts. */
  files = $state.raw<File[]>([]);
  steps = $state(300);
  name = $state('my-photos');
  /** What the new model is for: it is tuned from the model that does this task now. */
  task = $state<ModelTask>('inpaint');
  /** The latest fine-tuning job. */
  jobId = $state<string | null>(null);
  running = $state(false);
  /** Pause was pressed; the run stops after the step in progress. */
  pausing = $state(false);
  /** The run stopped by Pause: its checkpoint waits for Resume (or Start over). */
  paused = $state.raw<FineTunePaused | null>(null);
  result = $state.raw<FineTuneOutput | null>(null);
  /** The folder as the engine found it: usable photos (some held out) and skipped files, why. */
  scan = $state.raw<FolderScan | null>(null);
  scanning = $state(false);
  /** The run's loss at each step it reported, its steps before a pause included, for the chart. */
  losses = $state.raw<LossPoint[]>([]);
  /** Kept after the run ends, so its last step and loss stay on screen. */
  current = $state.raw<RunView | null>(null);
  #api: AnpApi;
  #jobs: JobsStore;
  #engine: EngineStore;

  constructor(api: AnpApi, jobs: JobsStore, engine: EngineStore) {
    this.#api = api;
    this.#jobs = jobs;
    this.#engine = engine;
    api.onEvent((event) => {
      if (event.type === 'progress' && event.progress.jobId === this.jobId) this.#follow(event.progress);
    });
  }

  /** The model a start would tune: the one that does the chosen task now. */
  get source(): ModelInfo | null {
    return this.#engine.models.find((m) => m.usedFor.includes(this.task)) ?? null;
  }

  /** Looks at the folder before training: what will be used, what skipped and why. */
  async scanFolder(): Promise<void> {
    const folder = this.folder.trim();
    if (!folder) return;
    this.scanning = true;
    try {
      const scan = await this.#api.call('scanFolder', { folder });
      if (this.folder.trim() === folder) this.scan = scan;
    } finally {
      this.scanning = false;
    }
  }

  get problem(): string | null {
    if (!this.folder.trim() && this.files.length === 0) return 'Choose a folder of photos.';
    if (!MODEL_ID_PATTERN.test(this.name)) {
      return 'The name may use lower-case letters, digits, dots, dashes and underscores.';
    }
    if (!this.source) return `No model ${TASK_VERBS[this.task]} photos now: select one in Models.`;
    if (this.scan?.folder === this.folder.trim() && this.scan.problem) return this.scan.problem;
    if (!Number.isInteger(this.steps) || this.steps < 1) return 'Steps must be a whole number ≥ 1.';
    return null;
  }

  /** Starts a new run from the form (a paused run of the same name is dropped). */
  async run(): Promise<void> {
    if (this.running || this.problem) return;
    // The folder is scanned before every start, so the list of what it uses is on screen.
    if (this.scan?.folder !== this.folder.trim()) await this.scanFolder();
    if (this.problem) throw new Error(this.problem);
    this.losses = [];
    const { task, name, steps } = this;
    await this.#train({ task, name, steps, resume: false }, 0);
  }

  /**
   * Finds a run paused before the page was loaded (the engine keeps its checkpoint and its loss
   * curve), so that a reload shows it with Resume again.
   */
  async rediscover(): Promise<void> {
    const runs = await this.#api.call('pausedFineTunes', {});
    if (!this.running && !this.paused && runs[0]) this.#showPaused(runs[0]);
  }

  /**
   * Continues the paused run from its checkpoint: same model name, same steps, the chart goes on. It
   * trains on the folder or photos picked now, or else on those it began with.
   */
  async resume(): Promise<void> {
    const paused = this.paused;
    if (this.running || !paused) return;
    const { name, fromModel, steps } = paused;
    this.losses = paused.losses;
    try {
      await this.#train({ fromModel, name, steps, resume: true }, paused.step);
    } catch (err) {
      // The engine keeps a paused run whose resume failed (but not one that was cancelled).
      if (this.current?.state !== 'cancelled') this.#showPaused(paused);
      throw err;
    }
  }

  /** Asks the running job to stop after its current step, keeping a checkpoint. */
  async pause(): Promise<void> {
    if (!this.running || !this.jobId || this.pausing) return;
    this.pausing = true;
    await this.#api.call('pause', { jobId: this.jobId });
  }

  /** Stops the running job; the engine discards the run (its checkpoint too). */
  async cancel(): Promise<void> {
    if (this.running && this.jobId) await this.#jobs.cancel(this.jobId);
  }

  async #train(run: RunArgs, fromStep: number): Promise<void> {
    this.result = null;
    this.jobId = null;
    this.running = true;
    this.current = {
      step: fromStep,
      steps: run.steps,
      state: 'running',
      phase: 'starting',
      etaSeconds: null,
      metrics: null,
    };
    try {
      const uploaded = this.files.length ? await uploadPhotos(this.#api, this.files) : [];
      const folder = this.folder.trim();
      const source = uploaded.length ? { imageIds: uploaded } : folder ? { folder } : {};
      const output = await this.#jobs
        .run('fineTune', async () => {
          const started = await this.#api.call('fineTune', { ...source, ...run });
          this.jobId = started.jobId;
          this.paused = null;
          return started;
        })
        .finally(() =>
          Promise.all(uploaded.map((id) => this.#api.call('closeImage', { id }).catch(() => null))),
        );
      if (output.kind === 'fineTunePaused') return this.#showPaused(output);
      if (output.kind !== 'fineTune') throw new Error(`fineTune returned a ${output.kind} result`);
      this.#end('ended');
      await this.#engine.refreshModels();
      this.result = output;
    } catch (err) {
      this.#end(describeError(err).code === 'CANCELLED' ? 'cancelled' : 'ended');
      throw err;
    } finally {
      this.running = false;
      this.pausing = false;
    }
  }

  #follow(progress: JobProgress): void {
    const run = this.current;
    // The job queue's own first word (step 0 of 1) is not a step of the run.
    if (!run || progress.total !== run.steps) return;
    const { done, metrics } = progress;
    if (metrics?.['loss'] !== undefined)
      this.losses = [...this.losses, { step: done, loss: metrics['loss'] }];
    this.current = {
      ...run,
      step: done,
      phase: metrics ? null : progress.message,
      etaSeconds: progress.etaSeconds,
      metrics: metrics ?? run.metrics,
    };
  }

  #showPaused(paused: FineTunePaused): void {
    this.paused = paused;
    this.losses = paused.losses;
    this.current = {
      step: paused.step,
      steps: paused.steps,
      state: 'ended',
      phase: null,
      etaSeconds: null,
      metrics: this.current?.metrics ?? null,
    };
  }

  #end(state: RunView['state']): void {
    if (this.current) this.current = { ...this.current, state, phase: null, etaSeconds: null };
  }
}

/** Uploads the photos of a picked folder; files the engine cannot read as images are skipped. */
async function uploadPhotos(api: AnpApi, files: readonly File[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files.filter(isPhotoFile)) {
    const opened = await api.call('openImage', await openArgsForFile(file)).catch(() => null);
    if (opened) ids.push(opened.id);
  }
  if (ids.length === 0) throw new Error('the chosen folder has no photos the engine can read');
  return ids;
}
