import type { MaskShapeT, MaskT } from '../../../../app/api/contract.js';

export type Tool = 'brush' | 'rect' | 'pan';

export const MIN_BRUSH = 2;
export const MAX_BRUSH = 400;

/** The region to erase, as shapes in image pixel coordinates, plus the tool that paints it. */
export class MaskStore {
  tool = $state<Tool>('brush');
  /** Brush diameter in image pixels. */
  brushSize = $state(48);
  shapes = $state.raw<MaskShapeT[]>([]);
  /** The shape being drawn right now (not yet part of the mask). */
  draft = $state.raw<MaskShapeT | null>(null);
  isEmpty = $derived(this.shapes.length === 0);

  commit(shape: MaskShapeT): void {
    this.shapes = [...this.shapes, shape];
    this.draft = null;
  }

  removeLast(): void {
    this.shapes = this.shapes.slice(0, -1);
  }

  clear(): void {
    this.shapes = [];
    this.draft = null;
  }

  setBrushSize(size: number): void {
    this.brushSize = Math.round(Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, size)));
  }

  toMask(): MaskT {
    return { kind: 'shapes', shapes: this.shapes };
  }
}
