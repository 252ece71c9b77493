import { describe, expect, it } from 'vitest';
import type { MaskShapeT } from '../../../../app/api/contract.js';
import { MAX_BRUSH, MaskStore, MIN_BRUSH } from './mask.svelte.js';

describe('MaskStore', () => {
  it('collects committed shapes into the mask sent to the engine, reporting each edit', () => {
    const edits: (readonly MaskShapeT[])[] = [];
    const mask = new MaskStore((before) => edits.push(before));
    expect(mask.isEmpty).toBe(true);
    mask.draft = { kind: 'rect', x: 1, y: 2, width: 3, height: 4 };
    expect(mask.isEmpty).toBe(true);
    mask.commit(mask.draft);
    mask.commit({ kind: 'stroke', points: [[5, 5]], radius: 8 });
    expect(mask.draft).toBeNull();
    expect(mask.toMask()).toEqual({
      kind: 'shapes',
      shapes: [
        { kind: 'rect', x: 1, y: 2, width: 3, height: 4 },
        { kind: 'stroke', points: [[5, 5]], radius: 8 },
      ],
    });
    mask.clear();
    expect(mask.isEmpty).toBe(true);
    expect(edits.map((shapes) => shapes.length)).toEqual([0, 1, 2]);
  });

  it('counts a mask of eraser strokes alone as empty and skips an eraser stroke on nothing', () => {
    const edits: unknown[] = [];
    const mask = new MaskStore((before) => edits.push(before));
    mask.commit({ kind: 'stroke', points: [[5, 5]], radius: 8, erase: true });
    expect([mask.shapes.length, edits.length]).toEqual([0, 0]);
    mask.commit({ kind: 'rect', x: 1, y: 2, width: 3, height: 4 });
    mask.commit({ kind: 'stroke', points: [[5, 5]], radius: 8, erase: true });
    expect([mask.shapes.length, mask.isEmpty]).toEqual([2, false]);
  });

  it('keeps the brush size whole and in range, in steps of about a tenth', () => {
    const mask = new MaskStore();
    mask.setBrushSize(33.4);
    expect(mask.brushSize).toBe(33);
    mask.stepBrush(1);
    expect(mask.brushSize).toBe(36);
    mask.setBrushSize(5);
    mask.stepBrush(-1);
    expect(mask.brushSize).toBe(4);
    mask.setBrushSize(0);
    expect(mask.brushSize).toBe(MIN_BRUSH);
    mask.stepBrush(-1);
    expect(mask.brushSize).toBe(MIN_BRUSH);
    mask.setBrushSize(1e6);
    expect(mask.brushSize).toBe(MAX_BRUSH);
  });
});
