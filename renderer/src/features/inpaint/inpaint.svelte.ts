import type { AnpApi, ImageInfo, InpaintOutput, MaskT } from '../../../../app/api/contract.js';
import type { Comparison, DocumentStore } from '../../lib/stores/document.svelte.js';
import type { JobsStore } from '../../lib/stores/jobs.svelte.js';
import type { MaskStore } from '../../lib/stores/mask.svelte.js';
import { MAX_SAMPLES } from '../../../../app/api/limits.js';

export type ResultChoice = { kind: 'sample'; index: number } | { kind: 'mean' } | { kind: 'uncertainty' };

/** A completion as the Complete panel holds it: its images, the mask it filled and the one chosen. */
export interface InpaintResults {
  output: InpaintOutput;
  ranMask: MaskT;
  choice: ResultChoice | null;
}

/** Hands the results of a job that ended after its photo was left to that photo (by its current image). */
export type KeepInpaint = (imageId: string, results: InpaintResults, comparison: Comparison) => void;

/** Where the number of samples is remembered across reloads (the page's local storage). */
export const SAMPLES_KEY = 'anp.samples';
const DEFAULT_SAMPLES = 3;

/** A remembered number of samples, or the default when there is none or it is not allowed. */
export function rememberedSamples(storage: Pick<Storage, 'getItem'> | null): number {
  const value = Number(storage?.getItem(SAMPLES_KEY));
  return Number.isInteger(value) && value >= 1 && value <= MAX_SAMPLES ? value : DEFAULT_SAMPLES;
}

/** Erase & complete: settings, the running job and its results. */
export class InpaintStore {
  #samples = $state(DEFAULT_SAMPLES);
  seed = $state(0);
  jobId = $state<string | null>(null);
  output = $state.raw<InpaintOutput | null>(null);
  /** The mask the shown results completed (the attention view asks about it). */
  ranMask = $state.raw<MaskT | null>(null);
  choice = $state<ResultChoice | null>(null);
  /** The uncertainty heat map drawn over the photo inside the mask, and how opaque it is. */
  overlay = $state(false);
  overlayOpacity = $state(0.7);
  running = $derived(this.jobId !== null);
  #api: AnpApi;
  #jobs: JobsStore;
  #document: DocumentStore;
  #mask: MaskStore;
  #keep: KeepInpaint;

  #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(
    api: AnpApi,
    jobs: JobsStore,
    document: DocumentStore,
    mask: MaskStore,
    keep: KeepInpaint,
    storage: Pick<Storage, 'getItem' | 'setItem'> | null = null,
  ) {
    this.#api = api;
    this.#jobs = jobs;
    this.#document = document;
    this.#mask = mask;
    this.#keep = keep;
    this.#storage = storage;
    this.#samples = rememberedSamples(storage);
  }

  /** How many samples a completion draws (remembered across reloads). */
  get samples(): number {
    return this.#samples;
  }

  set samples(value: number) {
    this.#samples = value;
    if (Number.isInteger(value) && value >= 1 && value <= MAX_SAMPLES)
      this.#storage?.setItem(SAMPLES_KEY, String(value));
  }

  get canRun(): boolean {
    return !this.running && this.#document.current !== null && !this.#mask.isEmpty;
  }

  async run(): Promise<void> {
    const image = this.#document.current;
    if (!image || this.#mask.isEmpty || this.running) return;
    this.output = null;
    this.choice = null;
    this.#document.endComparison();
    const mask = this.#mask.toMask();
    try {
      const output = await this.#jobs.run('inpaint', async () => {
        const started = await this.#api.call('inpaint', {
          imageId: image.id,
          mask,
          samples: this.samples,
          seed: this.seed,
        });
        this.jobId = started.jobId;
        return started;
      });
      if (output.kind !== 'inpaint') throw new Error(`inpaint returned a ${output.kind} result`);
      const first: ResultChoice = { kind: 'sample', index: 0 };
      if (this.#document.current?.id !== image.id) {
        const comparison = { image: output.samples[0] ?? output.mean, label: labelFor(first) };
        this.#keep(image.id, { output, ranMask: mask, choice: first }, comparison);
        return;
      }
      this.output = output;
      this.ranMask = mask;
      this.choose(first);
    } finally {
      this.jobId = null;
    }
  }

  imageFor(choice: ResultChoice): ImageInfo | null {
    const output = this.output;
    if (!output) return null;
    if (choice.kind === 'mean') return output.mean;
    if (choice.kind === 'uncertainty') return output.uncertainty;
    return output.samples[choice.index] ?? null;
  }

  /** Shows one result in place of the current image to compare. */
  choose(choice: ResultChoice): void {
    const image = this.imageFor(choice);
    if (!image) return;
    this.choice = choice;
    this.#document.compare(image, labelFor(choice));
  }

  /** The completed image shown now (a sample or the mean; not the σ map), if any. */
  get shownCompletion(): ImageInfo | null {
    return this.choice && this.choice.kind !== 'uncertainty' ? this.imageFor(this.choice) : null;
  }

  showOriginal(): void {
    this.choice = null;
    this.#document.endComparison();
  }

  /** The chosen sample (or mean) becomes the current image; undo brings the original and its mask back. */
  accept(): void {
    if (!this.choice || this.choice.kind === 'uncertainty') return;
    const image = this.imageFor(this.choice);
    if (!image) return;
    this.#document.replace(image);
    this.discard();
  }

  /** The results on screen, to keep while another photo is shown. */
  results(): InpaintResults | null {
    return this.output && this.ranMask
      ? { output: this.output, ranMask: this.ranMask, choice: this.choice }
      : null;
  }

  /** Brings kept results back (the canvas's comparison is the caller's). */
  restore(results: InpaintResults | null): void {
    this.output = results?.output ?? null;
    this.ranMask = results?.ranMask ?? null;
    this.choice = results?.choice ?? null;
  }

  discard(): void {
    this.output = null;
    this.choice = null;
    this.#document.endComparison();
  }

  newSeed(): void {
    this.seed = Math.floor(Math.random() * 2 ** 31);
  }
}

export function labelFor(choice: ResultChoice): string {
  if (choice.kind === 'mean') return 'Mean completion';
  if (choice.kind === 'uncertainty') return 'Uncertainty (predicted std)';
  return `Sample ${choice.index + 1}`;
}
