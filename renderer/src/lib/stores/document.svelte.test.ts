import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../../app/api/contract.js';
import { DocumentStore } from './document.svelte.js';

const image = (id: string): ImageInfo => ({
  id: `img_${id.padEnd(6, 'x')}`,
  name: `${id}.png`,
  width: 10,
  height: 10,
  format: 'png',
  channels: 3,
  hasAlpha: false,
  bitDepth: 8,
  orientation: 1,
  sizeBytes: 100,
});

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
});
