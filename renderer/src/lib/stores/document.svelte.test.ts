import { describe, expect, it } from 'vitest';
import type { MaskShapeT } from '../../../../app/api/contract.js';
import { DocumentStore } from './document.svelte.js';
import { image } from './image-fixture.js';

const box = (x: number): MaskShapeT => ({ kind: 'rect', x, y: 0, width: 2, height: 2 });

describe('DocumentStore', () => {
  it('shows a comparison in place of the current image until it is accepted', () => {
    const doc = new DocumentStore();
    doc.load(image('a'));
    doc.compare(image('b'), 'Sample 1');
    expect(doc.shown?.name).toBe('b.png');
    expect(doc.current?.name).toBe('a.png');
    doc.replace(image('b'));
    expect([doc.shown?.name, doc.comparison, doc.canUndo]).toEqual(['b.png', null, true]);
  });

  it('undoes and redoes replacements; a new edit clears redo', () => {
    const doc = new DocumentStore();
    doc.load(image('a'));
    doc.replace(image('b'));
    doc.replace(image('c'));
    doc.undo();
    doc.undo();
    expect([doc.current?.name, doc.canUndo, doc.canRedo]).toEqual(['a.png', false, true]);
    doc.redo();
    expect(doc.current?.name).toBe('b.png');
    doc.replace(image('d'));
    expect([doc.current?.name, doc.canRedo]).toEqual(['d.png', false]);
    doc.load(image('e'));
    expect([doc.canUndo, doc.canRedo]).toEqual([false, false]);
  });

  it('keeps mask edits and accepted results in one history; undoing an accept brings the mask back', () => {
    const doc = new DocumentStore();
    doc.load(image('a'));
    doc.mask.commit(box(1));
    doc.mask.commit(box(5));
    doc.replace(image('b'));
    expect([doc.current?.name, doc.mask.shapes]).toEqual(['b.png', []]);
    doc.undo();
    expect([doc.current?.name, doc.mask.shapes]).toEqual(['a.png', [box(1), box(5)]]);
    doc.undo();
    expect(doc.mask.shapes).toEqual([box(1)]);
    doc.mask.clear();
    expect([doc.mask.isEmpty, doc.canRedo]).toEqual([true, false]);
    doc.undo();
    doc.undo();
    expect([doc.mask.shapes, doc.canUndo]).toEqual([[], false]);
    doc.redo();
    doc.redo();
    expect([doc.current?.name, doc.mask.shapes]).toEqual(['a.png', []]);
  });

  it('saves a session and resumes it with its history', () => {
    const doc = new DocumentStore();
    doc.load(image('a'));
    doc.mask.commit(box(1));
    const saved = doc.session();
    doc.load(image('b'));
    expect([doc.mask.isEmpty, doc.canUndo]).toEqual([true, false]);
    if (!saved) throw new Error('no session');
    doc.load(saved.image, saved);
    expect([doc.current?.name, doc.mask.shapes, doc.canUndo]).toEqual(['a.png', [box(1)], true]);
    doc.undo();
    expect(doc.mask.isEmpty).toBe(true);
  });
});
