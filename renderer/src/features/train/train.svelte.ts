import type {
  AnpApi,
  ApiArgs,
  FineTuneOutput,
  FineTunePaused,
  FolderScan,
} from '../../../../app/api/contract.js';
import { openArgsForFile } from '../../lib/api/files.js';
import type { EngineStore } from '../../lib/stores/engine.svelte.js';
import type { JobsStore } from '../../lib/stores/jobs.svelte.js';
import type { LossPoint } from './loss-chart.js';

const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Fine-tune: the form, the running job, a paused run and the last result. */
export class TrainStore {
  folder = $state('');
  /** Browser mode: the photos of a folder the page picked, uploaded when the job starts. */
  files = $state.raw<File[]>([]);
  steps = $state(300);
  name = $state('my-photos');
  /** The latest fine-tuning job; kept after it ends so its last step and loss stay on screen. */
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
  /** The running job's loss at each step it reported, for the chart. */
  losses = $state.raw<LossPoint[]>([]);
  #api: AnpApi;
  #jobs: JobsStore;
  #engine: EngineStore;

  constructor(api: AnpApi, jobs: JobsStore, engine: EngineStore) {
    this.#api = api;
    this.#jobs = jobs;
    this.#engine = engine;
    api.onEvent((event) => {
      if (event.type !== 'progress' || event.progress.jobId !== this.jobId) return;
      const loss = event.progress.metrics?.loss;
      if (loss !== undefined) this.losses = [...this.losses, { step: event.progress.done, loss }];
    });
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
    if (!this.#engine.selectedModel) return 'Select a model to start from.';
    if (this.scan?.folder === this.folder.trim() && this.scan.problem) return this.scan.problem;
    if (!Number.isInteger(this.steps) || this.steps < 1) return 'Steps must be a whole number ≥ 1.';
    return null;
  }

  /** Starts a new run from the form (a paused run of the same name is dropped). */
  async run(): Promise<void> {
    const from = this.#engine.selectedModel;
    if (this.running || this.problem || !from) return;
    // The folder is scanned before every start, so the list of what it uses is on screen.
    if (this.scan?.folder !== this.folder.trim()) await this.scanFolder();
    if (this.problem) throw new Error(this.problem);
    this.losses = [];
    await this.#train({ fromModel: from.id, name: this.name, steps: this.steps, resume: false });
  }

  /**
   * Finds a run paused before the page was loaded (the engine keeps its checkpoint), so that a reload
   * shows Resume again.
   */
  async rediscover(): Promise<void> {
    const runs = await this.#api.call('pausedFineTunes', {});
    if (!this.running && !this.paused && runs.length > 0) this.paused = runs[0]!;
  }

  /**
   * Continues the paused run from its checkpoint: same model name, same steps, the chart goes on. It
   * trains on the folder or photos picked now, or else on those it began with.
   */
  async resume(): Promise<void> {
    const paused = this.paused;
    if (this.running || !paused) return;
    const { name, fromModel, steps } = paused;
    await this.#train({ fromModel, name, steps, resume: true });
  }

  /** Asks the running job to stop after its current step, keeping a checkpoint. */
  async pause(): Promise<void> {
    if (!this.running || !this.jobId || this.pausing) return;
    this.pausing = true;
    await this.#api.call('pause', { jobId: this.jobId });
  }

  async #train(run: Omit<ApiArgs['fineTune'], 'folder' | 'imageIds'>): Promise<void> {
    this.result = null;
    this.jobId = null;
    this.running = true;
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
      if (output.kind === 'fineTunePaused') {
        this.paused = output;
        return;
      }
      if (output.kind !== 'fineTune') throw new Error(`fineTune returned a ${output.kind} result`);
      await this.#engine.refreshModels();
      this.result = output;
    } finally {
      this.running = false;
      this.pausing = false;
    }
  }
}

/** Uploads the image files of a picked folder; files the engine cannot read as images are skipped. */
async function uploadPhotos(api: AnpApi, files: readonly File[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    if (file.type && !file.type.startsWith('image/')) continue;
    const opened = await api.call('openImage', await openArgsForFile(file)).catch(() => null);
    if (opened) ids.push(opened.id);
  }
  if (ids.length === 0) throw new Error('the chosen folder has no photos the engine can read');
  return ids;
}
