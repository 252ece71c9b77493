import { describe, expect, it } from 'vitest';
import type { AnpApi, ApiMethod, ImageInfo } from '../../../../app/api/contract.js';
import { image } from './image-fixture.js';
import { defineFeature, featureKey, Studio, type Feature } from './studio.svelte.js';

/** An API that answers every call with nothing and records the images closed. */
function quietApi(): { api: AnpApi; closed: string[] } {
  const closed: string[] = [];
  const call = (method: ApiMethod, args: unknown) => {
    if (method === 'closeImage') closed.push((args as { id: string }).id);
    return Promise.resolve(undefined as never);
  };
  return { api: { call, onEvent: () => () => undefined } as AnpApi, closed };
}

/** A made-up feature: one result image per photo, two tabs, and the `accept` key. */
class Notes {
  result: ImageInfo | null = null;
  accepted = 0;
}
const NOTES = featureKey<Notes>('notes');
const notes = defineFeature<Notes, ImageInfo>({
  key: NOTES,
  create: () => new Notes(),
  tabs: [
    { id: 'second', label: 'Second', order: 20, panels: [] },
    { id: 'first', label: 'First', order: 10, panels: [] },
  ],
  commands: (store) => ({ accept: () => store.accepted++ }),
  results: {
    take: (store) => store.result,
    put: (store, result) => (store.result = result),
    discard: (store) => (store.result = null),
    imageIds: (result) => [result.id],
  },
});

const studioWith = (...features: Feature[]) => {
  const { api, closed } = quietApi();
  return { studio: new Studio(api, 'browser', features, () => true), closed };
};

describe('Studio features', () => {
  it('builds each feature’s store, shows its tabs in their order and answers its commands', () => {
    const { studio } = studioWith(notes);
    expect(studio.tabs.map((t) => t.id)).toEqual(['first', 'second']);
    expect(studio.panel).toBe('first');
    expect(studio.command('accept')).toBe(true);
    expect(studio.get(NOTES).accepted).toBe(1);
    expect(studio.command('complete')).toBe(false);
    expect(() => studioWith().studio.get(NOTES)).toThrow('not given the notes feature');
    expect(() => studioWith(notes, notes)).toThrow('given twice');
  });

  it('keeps a feature’s results with their photo while another is shown, and frees them on close', () => {
    const { studio, closed } = studioWith(notes);
    const store = studio.get(NOTES);
    studio.workspace.add(image('a'));
    store.result = image('a-up');
    studio.workspace.add(image('b'));
    expect(store.result).toBeNull();
    studio.switchTo(image('a').id);
    expect(store.result?.name).toBe('a-up.png');
    studio.undo();
    expect(store.result).toBeNull();
    store.result = image('a-up2');
    expect(studio.close(image('a').id)).toBe(true);
    expect(closed.sort()).toEqual([image('a').id, image('a-up2').id].sort());
  });
});
