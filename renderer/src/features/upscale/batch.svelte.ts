import type { AnpApi, ImageInfo } from '../../../../app/api/contract.js';
import type { UpscaleSize } from '../../../../app/api/output-size.js';
import { describeError } from '../../lib/api/errors.js';
import type { JobsStore } from '../../lib/stores/jobs.svelte.js';
import type { Studio } from '../../lib/stores/studio.svelte.js';
import type { ExportStore } from './export.svelte.js';
import type { UpscaleStore } from './upscale.svelte.js';

/** One photo of a batch: the image to upscale (its accepted edits included) and the name it was opened as. */
export interface BatchPhoto {
  image: ImageInfo;
  name: string;
}

/** How a batch ended: the files written (where), and one line per photo that failed. */
export interface BatchOutcome {
  saved: string[];
  failures: string[];
  cancelled: boolean;
}

/** `photo.jpg` upscaled ×2 → `photo-x2.png`; to an exact size → `photo-800x600.png` (as `anp upscale` names them). */
export function batchName(sourceName: string, size: UpscaleSize, out: ImageInfo, extension: string): string {
  const stem = sourceName.replace(/\.[^.]+$/, '') || 'image';
  const suffix = size.kind === 'scale' ? `x${size.scale}` : `${out.width}x${out.height}`;
  return `${stem}-${suffix}.${extension}`;
}

/**
 * "Upscale all open photos": one upscale after the other with the same size rule, each result saved
 * (the output folder in Electron, a download in the browser) and let go of before the next starts, so
 * no more than one result is held at a time. One progress over the whole batch; cancel stops it.
 */
export class BatchUpscaleStore {
  running = $state(false);
  /** Photos finished (saved or failed). */
  done = $state(0);
  total = $state(0);
  /** The name of the photo being upscaled. */
  currentName = $state('');
  #jobId = $state<string | null>(null);
  #cancelled = false;
  #api: AnpApi;
  #jobs: JobsStore;

  constructor(api: AnpApi, jobs: JobsStore) {
    this.#api = api;
    this.#jobs = jobs;
  }

  /** The whole batch's progress, from 0 to 1 (the running upscale's own progress included). */
  get fraction(): number {
    if (this.total === 0) return 0;
    const job = this.#jobId ? this.#jobs.find(this.#jobId) : undefined;
    return Math.min(1, (this.done + (job?.progress?.fraction ?? 0)) / this.total);
  }

  async run(photos: readonly BatchPhoto[], size: UpscaleSize, exporter: ExportStore): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { saved: [], failures: [], cancelled: false };
    if (this.running || photos.length === 0) return outcome;
    this.running = true;
    this.#cancelled = false;
    this.done = 0;
    this.total = photos.length;
    try {
      for (const photo of photos) {
        if (this.#cancelled) break;
        this.currentName = photo.name;
        try {
          const where = await this.#upscaleAndSave(photo, size, exporter);
          if (where) outcome.saved.push(where);
        } catch (err) {
          const { code, message } = describeError(err);
          if (code === 'CANCELLED' || this.#cancelled) break;
          outcome.failures.push(`${photo.name}: ${message}`);
        }
        this.done++;
      }
    } finally {
      outcome.cancelled = this.#cancelled;
      this.running = false;
      this.#jobId = null;
      this.currentName = '';
    }
    return outcome;
  }

  /** Stops the batch: the running upscale is cancelled and no other starts. */
  async cancel(): Promise<void> {
    this.#cancelled = true;
    if (this.#jobId) await this.#jobs.cancel(this.#jobId);
  }

  async #upscaleAndSave(photo: BatchPhoto, size: UpscaleSize, exporter: ExportStore): Promise<string | null> {
    const output = await this.#jobs.run('upscale', async () => {
      const started = await this.#api.call('upscale', { imageId: photo.image.id, size });
      this.#jobId = started.jobId;
      return started;
    });
    this.#jobId = null;
    if (output.kind !== 'upscale') throw new Error(`upscale returned a ${output.kind} result`);
    try {
      if (this.#cancelled) return null;
      return await exporter.saveBatchResult(output.image, (extension) =>
        batchName(photo.name, size, output.image, extension),
      );
    } finally {
      // The result is saved: the engine lets go of it before the next photo's starts.
      await this.#api.call('closeImage', { id: output.image.id }).catch(() => undefined);
    }
  }
}

/** Upscales every open photo (its current image) with the panel's size rule and says how it went. */
export async function upscaleAllOpen(
  studio: Studio,
  upscale: UpscaleStore,
  batch: BatchUpscaleStore,
  exporter: ExportStore,
): Promise<void> {
  const size = upscale.batchSize;
  if (!size) return;
  const { workspace, notices } = studio;
  const photos = workspace.photos.map((p) => ({
    image: workspace.sessionOf(p.original.id)?.image ?? p.original,
    name: p.original.name,
  }));
  await studio.attempt(async () => {
    const { saved, failures, cancelled } = await batch.run(photos, size, exporter);
    const count = `${saved.length} of ${photos.length} ${photos.length === 1 ? 'photo' : 'photos'}`;
    const where = exporter.outputFolder ? ` to ${exporter.outputFolder}` : '';
    if (failures.length) notices.error([`Upscaled ${count}${where}; these failed:`, ...failures].join('\n'));
    else if (cancelled) notices.info(`The batch was cancelled: ${count} upscaled and saved${where}.`);
    else notices.info(`Upscaled and saved ${count}${where}.`);
  });
}
