import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../../app/api/contract.js';
import { DocumentStore } from './document.svelte.js';
import { Workspace } from './workspace.svelte.js';
import { image } from './image-fixture.js';
import { NO_RESULTS, type PendingResults, type ResultShelf } from './pending-results.js';

/** The panels' results as one variable; here each feature's result is one image. */
class Panels implements ResultShelf {
  shown: PendingResults = NO_RESULTS;
  take(): PendingResults {
    const results = this.shown;
    this.shown = NO_RESULTS;
    return results;
  }
  put(results: PendingResults): void {
    this.shown = results;
  }
  imageIds(results: PendingResults): string[] {
    return Object.values(results.features).map((each) => (each as ImageInfo).id);
  }
}

const workspace = (doc = new DocumentStore()) => new Workspace(doc, new Panels());

describe('Workspace', () => {
  it('keeps what was exported across a save and restore (a reload)', () => {
    const doc = new DocumentStore();
    const ws = workspace(doc);
    ws.add(image('a'));
    doc.replace(image('a2'));
    expect(ws.hasUnexportedChanges(image('a').id)).toBe(true);
    ws.markExported(image('a2').id);
    const saved = JSON.parse(JSON.stringify(ws.save())) as ReturnType<Workspace['save']>;
    const after = workspace();
    after.restore(saved, () => true);
    expect(after.hasUnexportedChanges(image('a').id)).toBe(false);
  });

  it('keeps each photo’s image, mask and history while another is edited', () => {
    const doc = new DocumentStore();
    const ws = workspace(doc);
    ws.add(image('a'));
    doc.mask.commit({ kind: 'rect', x: 0, y: 0, width: 2, height: 2 });
    doc.replace(image('a2'));
    ws.add(image('b'));
    expect([doc.current?.name, doc.canUndo, ws.photos.length]).toEqual(['b.png', false, 2]);
    ws.activate(image('a').id);
    expect([doc.current?.name, doc.canUndo]).toEqual(['a2.png', true]);
    doc.undo();
    expect([doc.current?.name, doc.mask.shapes.length]).toEqual(['a.png', 1]);
  });

  it('counts an accepted result as a change until it is exported, and closes to the next photo', () => {
    const doc = new DocumentStore();
    const ws = workspace(doc);
    ws.add(image('a'));
    ws.add(image('b'));
    doc.replace(image('b2'));
    const b = image('b').id;
    expect([ws.hasUnexportedChanges(b), ws.hasUnexportedChanges(image('a').id)]).toEqual([true, false]);
    ws.markExported(image('b2').id);
    expect(ws.hasUnexportedChanges(b)).toBe(false);
    expect(ws.close(b).sort()).toEqual([image('b').id, image('b2').id].sort());
    expect([ws.activeId, doc.current?.name]).toEqual([image('a').id, 'a.png']);
    ws.close(image('a').id);
    expect([ws.photos.length, doc.current]).toEqual([0, null]);
  });

  it('saves and restores the strip, dropping photos the engine no longer holds', () => {
    const doc = new DocumentStore();
    const ws = workspace(doc);
    ws.add(image('a'));
    ws.add(image('b'));
    doc.mask.commit({ kind: 'rect', x: 0, y: 0, width: 2, height: 2 });
    const saved = JSON.parse(JSON.stringify(ws.save())) as ReturnType<Workspace['save']>;

    const doc2 = new DocumentStore();
    const ws2 = workspace(doc2);
    ws2.restore(saved, () => true);
    expect([ws2.photos.length, doc2.current?.name, doc2.mask.shapes.length]).toEqual([2, 'b.png', 1]);
    const ws3 = workspace();
    ws3.restore(saved, (p) => p.original.name === 'a.png');
    expect([ws3.photos.length, ws3.activeId]).toEqual([1, image('a').id]);
  });

  it('keeps each photo’s unaccepted results while another is shown, and frees them on close', () => {
    const doc = new DocumentStore();
    const panels = new Panels();
    const ws = new Workspace(doc, panels);
    ws.add(image('a'));
    const upscaled = {
      features: { upscale: image('up') },
      comparison: { image: image('up'), label: 'Upscaled' },
    };
    panels.shown = upscaled;
    ws.add(image('b'));
    expect(panels.shown).toEqual(NO_RESULTS);
    // A job started on b ends while a is shown: its result waits with b.
    ws.activate(image('a').id);
    expect(panels.shown).toEqual(upscaled);
    expect(ws.keepResults(image('b').id, { features: { upscale: image('b-up') } })).toBe(true);
    expect(ws.keepResults(image('a').id, { features: { upscale: image('x') } })).toBe(false);
    ws.activate(image('b').id);
    expect((panels.shown.features['upscale'] as ImageInfo).name).toBe('b-up.png');
    expect(ws.close(image('a').id).sort()).toEqual([image('a').id, image('up').id].sort());
    expect(ws.close(image('b').id).sort()).toEqual([image('b').id, image('b-up').id].sort());
  });
});
