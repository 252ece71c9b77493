import { describe, expect, it } from 'vitest';
import { MAX_BRUSH, MaskStore, MIN_BRUSH } from './mask.svelte.js';

describe('MaskStore', () => {
  it('collects committed shapes into the mask sent to the engine', () => {
    const mask = new MaskStore();
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
    mask.removeLast();
    expect(mask.shapes).toHaveLength(1);
    mask.clear();
    expect(mask.isEmpty).toBe(true);
  });

  it('keeps the brush size whole and in range', () => {
    const mask = new MaskStore();
    mask.setBrushSize(33.4);
    expect(mask.brushSize).toBe(33);
    mask.setBrushSize(0);
    expect(mask.brushSize).toBe(MIN_BRUSH);
    mask.setBrushSize(1e6);
    expect(mask.brushSize).toBe(MAX_BRUSH);
  });
});
