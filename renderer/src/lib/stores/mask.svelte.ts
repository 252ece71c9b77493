import type { MaskShapeT, MaskT } from '../../../../app/api/contract.js';

export type Tool = 'brush' | 'eraser' | 'rect' | 'lasso' | 'pan';

export const MIN_BRUSH = 2;
export const MAX_BRUSH = 400;

/**
 * The region to erase, as shapes in image pixel coordinates (eraser strokes take paint away), plus the
 * tool that paints it. Every change goes through `onEdit` with the shapes before it, for undo.
 */
export class MaskStore {
  tool = $state<Tool>('brush');
  /** Brush diameter in image pixels. */
  brushSize = $state(48);
  shapes = $state.raw<readonly MaskShapeT[]>([]);
  /** The shape being drawn right now (not yet part of the mask). */
  draft = $state.raw<MaskShapeT | null>(null);
  /** True while no shape paints (eraser strokes alone leave nothing to complete). */
  isEmpty = $derived(!this.shapes.some((s) => !(s.kind === 'stroke' && s.erase)));
  #onEdit: (before: readonly MaskShapeT[]) => void;

  constructor(onEdit: (before: readonly MaskShapeT[]) => void = () => undefined) {
    this.#onEdit = onEdit;
  }

  commit(shape: MaskShapeT): void {
    this.draft = null;
    // An eraser stroke on an empty mask changes nothing; it need not cost an undo step.
    if (shape.kind === 'stroke' && shape.erase && this.isEmpty) return;
    this.#edit([...this.shapes, shape]);
  }

  clear(): void {
    this.draft = null;
    if (this.shapes.length > 0) this.#edit([]);
  }

  /** Sets the shapes without recording an edit (undo, redo, switching photos). */
  restore(shapes: readonly MaskShapeT[]): void {
    this.shapes = shapes;
    this.draft = null;
  }

  setBrushSize(size: number): void {
    this.brushSize = Math.round(Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, size)));
  }

  /** One `[` / `]` step: about 10 % of the size, at least one pixel, so small brushes stay adjustable. */
  stepBrush(direction: 1 | -1): void {
    this.setBrushSize(this.brushSize + direction * Math.max(1, Math.round(this.brushSize * 0.1)));
  }

  toMask(): MaskT {
    return { kind: 'shapes', shapes: [...this.shapes] };
  }

  #edit(shapes: readonly MaskShapeT[]): void {
    this.#onEdit(this.shapes);
    this.shapes = shapes;
  }
}
