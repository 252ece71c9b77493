import type { ImageInfo, MaskShapeT } from '../../../../app/api/contract.js';
import { MaskStore } from './mask.svelte.js';
import { History } from './history.svelte.js';

export interface Comparison {
  image: ImageInfo;
  label: string;
}

/** What undo and redo move between: the image and the mask drawn on it. */
export interface Snapshot {
  image: ImageInfo;
  shapes: readonly MaskShapeT[];
}

/** A photo's whole editing state, kept while another photo is being edited. */
export interface Session extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
}

/**
 * The photo being edited: the current image, the mask on it, one undo/redo history for both (every
 * mask edit and every accepted result), and an optional comparison image (a sample or an upscaled
 * result) shown in its place until it is accepted or dismissed.
 */
export class DocumentStore {
  current = $state.raw<ImageInfo | null>(null);
  comparison = $state.raw<Comparison | null>(null);
  readonly history = new History<Snapshot>();
  readonly mask = new MaskStore((before) => {
    if (this.current) this.history.record({ image: this.current, shapes: before });
  });
  shown = $derived(this.comparison?.image ?? this.current);
  canUndo = $derived(this.history.canUndo);
  canRedo = $derived(this.history.canRedo);

  /** Starts editing an opened image afresh, or where a saved session left it. */
  load(info: ImageInfo, session?: Session): void {
    this.#apply(session ?? { image: info, shapes: [] });
    this.history.past = session?.past ?? [];
    this.history.future = session?.future ?? [];
  }

  /** The editing state to keep while another photo is shown (null when nothing is open). */
  session(): Session | null {
    const now = this.#snapshot();
    return now && { ...now, past: this.history.past, future: this.history.future };
  }

  /** Closes the document. */
  unload(): void {
    this.current = null;
    this.comparison = null;
    this.mask.restore([]);
    this.history.clear();
  }

  compare(image: ImageInfo, label: string): void {
    this.comparison = { image, label };
  }

  endComparison(): void {
    this.comparison = null;
  }

  /** Makes `image` the current image on a clear mask; undo brings back the previous image and mask. */
  replace(image: ImageInfo): void {
    const now = this.#snapshot();
    if (now) this.history.record(now);
    this.#apply({ image, shapes: [] });
  }

  undo(): void {
    this.#step((now) => this.history.undo(now));
  }

  redo(): void {
    this.#step((now) => this.history.redo(now));
  }

  #step(move: (now: Snapshot) => Snapshot | null): void {
    const now = this.#snapshot();
    const target = now && move(now);
    if (target) this.#apply(target);
  }

  #snapshot(): Snapshot | null {
    return this.current && { image: this.current, shapes: this.mask.shapes };
  }

  #apply(snapshot: Snapshot): void {
    this.current = snapshot.image;
    this.mask.restore(snapshot.shapes);
    this.comparison = null;
  }
}
