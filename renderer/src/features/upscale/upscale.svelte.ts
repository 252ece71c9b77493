import type { AnpApi, ApiArgs, ImageInfo } from '../../../../app/api/contract.js';
import type { Comparison, DocumentStore } from '../../lib/stores/document.svelte.js';
import type { JobsStore } from '../../lib/stores/jobs.svelte.js';
import {
  lockedHeight,
  lockedWidth,
  scaledSize,
  sideAllowed,
  type UpscaleSize,
} from '../../../../app/api/output-size.js';
import { scaleMessage, sizeProblem } from './size.js';

/** Hands the result of a job that ended after its photo was left to that photo (by its current image). */
export type KeepUpscale = (imageId: string, result: ImageInfo, comparison: Comparison) => void;

export type SizeMode = 'scale' | 'exact';

/** The image and the size an upscale of it asks for, as the engine's calls take them. */
export type UpscaleRequest = Pick<ApiArgs['upscale'], 'imageId' | 'size'>;

/** Upscale: the requested size (factor or exact pixels), the running job and its result. */
export class UpscaleStore {
  mode = $state<SizeMode>('scale');
  scale = $state(2);
  /** The exact size typed in, and the image it was typed for (another photo starts from the factor). */
  #exact = $state<{ imageId: string; width: number; height: number } | null>(null);
  lockAspect = $state(true);
  jobId = $state<string | null>(null);
  result = $state.raw<ImageInfo | null>(null);
  running = $derived(this.jobId !== null);
  #api: AnpApi;
  #jobs: JobsStore;
  #document: DocumentStore;
  #keep: KeepUpscale;

  constructor(api: AnpApi, jobs: JobsStore, document: DocumentStore, keep: KeepUpscale) {
    this.#api = api;
    this.#jobs = jobs;
    this.#document = document;
    this.#keep = keep;
  }

  /** The size the result will have. */
  get target(): { width: number; height: number } | null {
    const source = this.#document.current;
    if (!source) return null;
    if (this.mode === 'scale') return scaledSize(source.width, source.height, this.scale);
    return this.#exactSize();
  }

  get problem(): string | null {
    const source = this.#document.current;
    const target = this.target;
    if (!source || !target) return 'Open an image first.';
    const scale = this.mode === 'scale' ? scaleMessage(this.scale) : null;
    return scale ?? sizeProblem(source.width, source.height, target.width, target.height);
  }

  /** The upscale asked for now, or null while the size is not allowed. */
  get request(): UpscaleRequest | null {
    const image = this.#document.current;
    if (!image || this.problem) return null;
    const size: UpscaleRequest['size'] =
      this.mode === 'scale'
        ? { kind: 'scale', scale: this.scale }
        : { kind: 'exact', width: this.width, height: this.height };
    return { imageId: image.id, size };
  }

  /**
   * The size rule "Upscale all open photos" gives each photo: the factor, or the exact width (the
   * height following each photo's aspect ratio while it is locked); null while not allowed.
   */
  get batchSize(): UpscaleSize | null {
    if (this.mode === 'scale') return scaleMessage(this.scale) ? null : { kind: 'scale', scale: this.scale };
    if (!sideAllowed(this.width) || (!this.lockAspect && !sideAllowed(this.height))) return null;
    return this.lockAspect
      ? { kind: 'exact', width: this.width }
      : { kind: 'exact', width: this.width, height: this.height };
  }

  /** The exact width: as typed for this image, else the current factor's. */
  get width(): number {
    return this.#exactSize()?.width ?? 0;
  }

  get height(): number {
    return this.#exactSize()?.height ?? 0;
  }

  /** Starts the exact-size fields from the current scale factor. */
  resetExact(): void {
    this.#exact = null;
  }

  setWidth(width: number): void {
    const source = this.#document.current;
    if (!source) return;
    const locked = this.lockAspect && width > 0;
    this.#exact = {
      imageId: source.id,
      width,
      height: locked ? lockedHeight(source.width, source.height, width) : this.height,
    };
  }

  setHeight(height: number): void {
    const source = this.#document.current;
    if (!source) return;
    const locked = this.lockAspect && height > 0;
    this.#exact = {
      imageId: source.id,
      width: locked ? lockedWidth(source.width, source.height, height) : this.width,
      height,
    };
  }

  #exactSize(): { width: number; height: number } | null {
    const source = this.#document.current;
    if (!source) return null;
    const typed = this.#exact;
    if (typed?.imageId === source.id) return { width: typed.width, height: typed.height };
    return scaledSize(source.width, source.height, this.scale);
  }

  async run(): Promise<void> {
    const request = this.request;
    if (!request || this.running) return;
    this.result = null;
    try {
      const output = await this.#jobs.run('upscale', async () => {
        const started = await this.#api.call('upscale', request);
        this.jobId = started.jobId;
        return started;
      });
      if (output.kind !== 'upscale') throw new Error(`upscale returned a ${output.kind} result`);
      const comparison = { image: output.image, label: resultLabel(output.image) };
      if (this.#document.current?.id !== request.imageId) {
        this.#keep(request.imageId, output.image, comparison);
        return;
      }
      this.result = output.image;
      this.showResult();
    } finally {
      this.jobId = null;
    }
  }

  /** Shows the result in place of the current image, to compare (again after "Show original"). */
  showResult(): void {
    const image = this.result;
    if (image) this.#document.compare(image, resultLabel(image));
  }

  /** The upscaled image becomes the current image (undo returns to the original). */
  accept(): void {
    if (!this.result) return;
    this.#document.replace(this.result);
    this.result = null;
  }
}

function resultLabel(image: ImageInfo): string {
  return `Upscaled to ${image.width} × ${image.height}`;
}
