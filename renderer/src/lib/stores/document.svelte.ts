import type { ImageInfo } from '../../../../app/api/contract.js';

export interface Comparison {
  image: ImageInfo;
  label: string;
}

/**
 * The photo being edited: the current image, its undo/redo history, and an optional comparison image
 * (a sample or an upscaled result) shown in its place until it is accepted or dismissed.
 */
export class DocumentStore {
  current = $state<ImageInfo | null>(null);
  comparison = $state<Comparison | null>(null);
  undoStack = $state<ImageInfo[]>([]);
  redoStack = $state<ImageInfo[]>([]);
  shown = $derived(this.comparison?.image ?? this.current);
  canUndo = $derived(this.undoStack.length > 0);
  canRedo = $derived(this.redoStack.length > 0);
  /** Starts a new document from an opened image (the old one's history is dropped). */
  load(info: ImageInfo): void {
    this.current = info;
    this.comparison = null;
    this.undoStack = [];
    this.redoStack = [];
  }

  compare(image: ImageInfo, label: string): void {
    this.comparison = { image, label };
  }

  endComparison(): void {
    this.comparison = null;
  }

  /** Makes `image` the current image; the previous one stays reachable with undo. */
  replace(image: ImageInfo): void {
    if (this.current) this.undoStack.push(this.current);
    this.redoStack = [];
    this.current = image;
    this.comparison = null;
  }

  undo(): void {
    const previous = this.undoStack.pop();
    if (!previous) return;
    if (this.current) this.redoStack.push(this.current);
    this.current = previous;
    this.comparison = null;
  }

  redo(): void {
    const next = this.redoStack.pop();
    if (!next) return;
    if (this.current) this.undoStack.push(this.current);
    this.current = next;
    this.comparison = null;
  }
}
