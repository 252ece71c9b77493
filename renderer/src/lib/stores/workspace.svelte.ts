import { SvelteSet } from 'svelte/reactivity';
import type { ImageInfo } from '../../../../app/api/contract.js';
import type { DocumentStore, Session } from './document.svelte.js';
import { mergeResults, NO_RESULTS, type PendingResults, type ResultShelf } from './pending-results.js';

/**
 * One photo in the strip: the image as opened and, while another photo is shown, its editing state
 * and the results it has not accepted.
 */
export interface OpenPhoto {
  original: ImageInfo;
  session: Session | null;
  results?: PendingResults;
}

/** What a reload finds in the tab's session storage. */
export interface SavedWorkspace {
  photos: OpenPhoto[];
  activeId: string | null;
  /** The images exported since they were made (so the strip and closing still know after a reload). */
  exported?: string[];
}

/**
 * The open photos, each keeping its own image, mask, undo history and unaccepted results; the
 * document store edits the active one and the panels hold its results. Images exported since they
 * were made count as saved.
 */
export class Workspace {
  photos = $state.raw<OpenPhoto[]>([]);
  activeId = $state<string | null>(null);
  #exported = new SvelteSet<string>();
  #document: DocumentStore;
  #shelf: ResultShelf;

  constructor(document: DocumentStore, shelf: ResultShelf) {
    this.#document = document;
    this.#shelf = shelf;
  }

  /** Adds an opened image and makes it the one being edited. */
  add(info: ImageInfo): void {
    this.#park();
    this.photos = [...this.photos, { original: info, session: null }];
    this.activeId = info.id;
    this.#document.load(info);
  }

  activate(id: string): void {
    if (id === this.activeId) return;
    const photo = this.photos.find((p) => p.original.id === id);
    if (!photo) return;
    this.#park();
    this.activeId = id;
    this.#document.load(photo.original, photo.session ?? undefined);
    this.#shelf.put(photo.results ?? NO_RESULTS);
  }

  /**
   * Adds results to the photo that now shows `imageId` while it is not the active one (a job that
   * ended after its photo was left); false when no such photo is open.
   */
  keepResults(imageId: string, results: Partial<PendingResults>): boolean {
    const photo = this.photos.find((p) => p.original.id !== this.activeId && p.session?.image.id === imageId);
    if (!photo) return false;
    const merged = mergeResults(photo.results ?? NO_RESULTS, results);
    this.photos = this.photos.map((p) => (p === photo ? { ...p, results: merged } : p));
    return true;
  }

  /** The photo's state now (the document's for the active one). */
  sessionOf(id: string): Session | null {
    if (id === this.activeId) return this.#document.session();
    return this.photos.find((p) => p.original.id === id)?.session ?? null;
  }

  markExported(imageId: string): void {
    this.#exported.add(imageId);
  }

  /** Whether the photo shows an accepted result that has not been exported. */
  hasUnexportedChanges(id: string): boolean {
    const current = this.sessionOf(id)?.image;
    return current !== undefined && current.id !== id && !this.#exported.has(current.id);
  }

  /** Removes a photo (the next one becomes active); returns every image id its history and results held. */
  close(id: string): string[] {
    const index = this.photos.findIndex((p) => p.original.id === id);
    if (index < 0) return [];
    const session = this.sessionOf(id);
    const wasActive = id === this.activeId;
    const results = wasActive ? this.#shelf.take() : this.photos[index]?.results;
    const ids = [
      id,
      ...(session ? imagesOf(session) : []),
      ...(results ? this.#shelf.imageIds(results) : []),
    ];
    this.photos = this.photos.filter((p) => p.original.id !== id);
    if (wasActive) {
      this.activeId = null;
      const next = this.photos[Math.min(index, this.photos.length - 1)];
      if (next) this.activate(next.original.id);
      else this.#document.unload();
    }
    return ids.filter((each, i) => ids.indexOf(each) === i);
  }

  /** Everything a reload needs to bring the strip back. */
  save(): SavedWorkspace {
    return {
      photos: this.photos.map((p) => ({ original: p.original, session: this.sessionOf(p.original.id) })),
      activeId: this.activeId,
      exported: [...this.#exported],
    };
  }

  /** Brings back saved photos (those the engine still holds, as `keep` says). */
  restore(saved: SavedWorkspace, keep: (photo: OpenPhoto) => boolean): void {
    this.photos = saved.photos.filter(keep);
    this.activeId = null;
    for (const id of Array.isArray(saved.exported) ? saved.exported : []) {
      if (typeof id === 'string') this.#exported.add(id);
    }
    const active = this.photos.find((p) => p.original.id === saved.activeId) ?? this.photos[0];
    if (active) {
      this.activeId = active.original.id;
      this.#document.load(active.original, active.session ?? undefined);
    }
  }

  /** Keeps the active photo's editing state and results in its strip entry before another is shown. */
  #park(): void {
    const id = this.activeId;
    if (!id) return;
    const session = this.#document.session();
    const results = this.#shelf.take();
    this.photos = this.photos.map((p) => (p.original.id === id ? { ...p, session, results } : p));
  }
}

/** Every image a session refers to. */
export function imagesOf(session: Session): string[] {
  return [session, ...session.past, ...session.future].map((s) => s.image.id);
}
