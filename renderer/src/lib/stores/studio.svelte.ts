import { createContext, type Component } from 'svelte';
import type { AnpApi, ApiArgs } from '../../../../app/api/contract.js';
import { electronBridge, type AnpBridge } from '../api/bridge.js';
import type { Binding } from '../api/client.js';
import { openArgsForFile } from '../api/files.js';
import type { ShortcutAction } from '../shortcuts.js';
import { DocumentStore, type Comparison } from './document.svelte.js';
import { EngineStore } from './engine.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import type { MaskStore } from './mask.svelte.js';
import { NoticeStore } from './notices.svelte.js';
import { LIGHT_QUERY, ThemeStore } from './theme.svelte.js';
import type { ResultShelf } from './pending-results.js';
import { MAIN_PREVIEW_SIDE, PreviewCache } from './previews.js';
import { ViewportStore } from './viewport.svelte.js';
import { Workspace, type SavedWorkspace } from './workspace.svelte.js';
import { photosStillHeld } from './workspace-restore.js';

/** Where a tab keeps its open photos across a reload (the engine still holds the images). */
const WORKSPACE_KEY = 'anp.workspace';

// How a feature plugs into the studio. lib/ knows no feature: each folder of features/ describes
// itself with a `Feature` (its store, its tabs and panels, the shortcut and menu commands it answers,
// what it keeps with a photo while another is shown), and `features/index.ts` lists them, one line
// each. The studio builds the stores and the shell shows the tabs from that list.

/** Names a feature's store; `use()` gets it from the studio of the component that calls it. */
export interface FeatureKey<S> {
  readonly id: string;
  use(): S;
}

export function featureKey<S>(id: string): FeatureKey<S> {
  const key: FeatureKey<S> = { id, use: () => getStudio().get(key) };
  return key;
}

/** A tab of the sidebar: its label, its place among the tabs and the panels it stacks, in order. */
export interface FeatureTab {
  id: string;
  label: string;
  order: number;
  panels: readonly Component[];
}

/** What the shortcut keys, the application menu and the panels ask the features for. */
export type StudioCommand = ShortcutAction | 'export' | 'showOriginal';

export type Commands = Partial<Record<StudioCommand, () => void>>;

/** What a feature's store is made with. */
export interface FeatureContext<R> {
  studio: Studio;
  /**
   * Hands results of a job that ended after its photo was left to that photo (by its current image),
   * with the result the canvas is to show when the photo is back.
   */
  keep(imageId: string, results: R, comparison: Comparison): void;
}

/**
 * What a feature makes on a photo and keeps with it while another photo is shown (not accepted yet):
 * taken from the store when the photo is left, put back when it is shown again.
 */
export interface PhotoResults<S, R> {
  /** The results on screen, or null. */
  take(store: S): R | null;
  put(store: S, results: R | null): void;
  /** Clears the results from the panels (undo, redo, leaving the photo). */
  discard(store: S): void;
  /** The engine images the results refer to (freed when the photo is closed). */
  imageIds(results: R): string[];
}

export interface Feature<S = unknown, R = unknown> {
  key: FeatureKey<S>;
  create(context: FeatureContext<R>): S;
  tabs?: readonly FeatureTab[];
  /** The shortcut and menu commands the feature answers. */
  commands?(store: S, studio: Studio): Commands;
  results?: PhotoResults<S, R>;
}

export function defineFeature<S, R = never>(feature: Feature<S, R>): Feature<S, R> {
  return feature;
}

/**
 * The stores every feature shares (the photos, the document, jobs, the engine) wired to one API, and
 * the stores of the features it was given; components get it from context.
 */
export class Studio {
  readonly bridge: AnpBridge | null = electronBridge();
  readonly notices = new NoticeStore();
  readonly theme = new ThemeStore(
    typeof localStorage === 'undefined' ? null : localStorage,
    typeof matchMedia === 'undefined' ? false : matchMedia(LIGHT_QUERY).matches,
  );
  readonly engine: EngineStore;
  readonly document: DocumentStore;
  readonly jobs: JobsStore;
  readonly previews: PreviewCache;
  readonly viewport = new ViewportStore();
  readonly mask: MaskStore;
  readonly workspace: Workspace;
  /** The sidebar's tabs, in order. */
  readonly tabs: readonly FeatureTab[];
  /** The id of the tab shown. */
  panel = $state('');
  helpOpen = $state(false);
  /** False until the saved photos of a reload are back (saving before then would overwrite them). */
  restored = $state(false);
  opening = $state(false);

  constructor(
    readonly api: AnpApi,
    readonly binding: Binding,
    /** The features to build stores for and show (`features/index.ts` lists the app's). */
    features: readonly Feature[] = [],
    /** Asks the user a yes/no question (the page's confirm dialog; injected in tests). */
    readonly confirm: (message: string) => boolean = (message) => window.confirm(message),
  ) {
    this.engine = new EngineStore(api);
    this.document = new DocumentStore();
    this.mask = this.document.mask;
    this.workspace = new Workspace(this.document, this.#shelf);
    this.jobs = new JobsStore(api);
    this.previews = new PreviewCache(api);
    for (const feature of features) this.#install(feature);
    this.tabs = features.flatMap((f) => f.tabs ?? []).sort((a, b) => a.order - b.order);
    this.panel = this.tabs[0]?.id ?? '';
    api.onEvent((event) => {
      if (event.type === 'engine') this.notices.engine(event.message);
    });
  }

  /** Runs a user action; any failure becomes the error banner and the app carries on. */
  async attempt(action: () => Promise<unknown>): Promise<void> {
    this.notices.dismissStale();
    try {
      await action();
    } catch (err) {
      this.notices.report(err);
    }
  }

  /** Opens each file (a multiple pick, a drop, a paste) into the strip; one that fails does not stop the rest. */
  async openFiles(files: Iterable<File>): Promise<void> {
    await this.#openEach([...files], async (file) => this.#openNew(await openArgsForFile(file)));
  }

  async openPaths(paths: readonly string[]): Promise<void> {
    await this.#openEach(paths, (path) => this.#openNew({ kind: 'path', path }));
  }

  /** Opens each in turn; every one that fails gets its own line in the error banner. */
  async #openEach<T>(items: readonly T[], open: (item: T) => Promise<void>): Promise<void> {
    this.notices.dismissStale();
    const failures: unknown[] = [];
    for (const item of items) {
      try {
        await open(item);
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) this.notices.reportAll(failures);
  }

  /** Shows another open photo; the results not accepted on the one left stay with it. */
  switchTo(id: string): void {
    this.workspace.activate(id);
  }

  /**
   * Closes a photo (asking first when it shows an accepted result that was not exported) and frees
   * its images in the engine. Returns whether it was closed.
   */
  close(id: string): boolean {
    const photo = this.workspace.photos.find((p) => p.original.id === id);
    if (!photo) return false;
    if (
      this.workspace.hasUnexportedChanges(id) &&
      !this.confirm(`${photo.original.name} has changes that were not exported. Close it anyway?`)
    ) {
      return false;
    }
    for (const imageId of this.workspace.close(id)) {
      void this.api.call('closeImage', { id: imageId }).catch(() => undefined);
    }
    return true;
  }

  undo(): void {
    this.#discardResults();
    this.document.undo();
  }

  redo(): void {
    this.#discardResults();
    this.document.redo();
  }

  /** Keeps the open photos in the tab's session storage, so a reload brings them back. */
  saveWorkspace(storage: Storage): void {
    if (!this.restored) return;
    storage.setItem(WORKSPACE_KEY, JSON.stringify(this.workspace.save()));
  }

  /** After a reload: reopens the saved photos whose images the engine still holds. */
  async restoreWorkspace(storage: Storage): Promise<void> {
    try {
      await this.#restore(storage);
    } finally {
      this.restored = true;
    }
  }

  async #restore(storage: Storage): Promise<void> {
    let saved: SavedWorkspace | null;
    try {
      saved = JSON.parse(storage.getItem(WORKSPACE_KEY) ?? 'null') as SavedWorkspace | null;
    } catch {
      return;
    }
    if (!saved || !Array.isArray(saved.photos) || this.workspace.photos.length > 0) return;
    const kept = await photosStillHeld(this.api, saved.photos);
    this.workspace.restore(saved, (photo) => kept.includes(photo));
  }

  /** The store of a feature this studio was given. */
  get<S>(key: FeatureKey<S>): S {
    if (!Object.hasOwn(this.#stores, key.id))
      throw new Error(`the studio was not given the ${key.id} feature`);
    return this.#stores[key.id] as S;
  }

  /** Runs a command a feature answers (a shortcut key, the menu); false when none does. */
  command(name: StudioCommand): boolean {
    const run = this.commands[name];
    run?.();
    return run !== undefined;
  }

  /** Ends the comparison: the photo shows instead of a result (and the panel that made it lets it go). */
  showOriginal(): void {
    if (!this.command('showOriginal')) this.document.endComparison();
  }

  /** Commands from Electron's application menu. */
  listenToMenu(): () => void {
    return (
      this.bridge?.onMenu((menu) => {
        if (menu.command === 'open') void this.openPaths(menu.paths);
        else if (menu.command === 'export') this.command('export');
        else if (menu.command === 'undo') this.undo();
        else if (menu.command === 'redo') this.redo();
        else this.helpOpen = true;
      }) ?? (() => undefined)
    );
  }

  /**
   * Opens a file into the strip and shows it once its preview has decoded too (some damaged files pass
   * the header check and only fail there); on any failure the open photos stay as they were.
   */
  async #openNew(args: ApiArgs['openImage']): Promise<void> {
    this.notices.dismiss();
    this.opening = true;
    try {
      const info = await this.api.call('openImage', args);
      try {
        await this.previews.get(info.id, MAIN_PREVIEW_SIDE);
      } catch (err) {
        void this.api.call('closeImage', { id: info.id }).catch(() => undefined);
        throw err;
      }
      this.workspace.add(info);
      if (info.frames) this.notices.info(`${info.name} has ${info.frames} frames; only the first is used.`);
    } finally {
      this.opening = false;
    }
  }

  #discardResults(): void {
    for (const feature of this.#features) feature.discard();
  }

  /** Makes a feature's store and hooks its commands and results into the studio. */
  #install<S, R>(feature: Feature<S, R>): void {
    const { id } = feature.key;
    if (Object.hasOwn(this.#stores, id)) throw new Error(`the ${id} feature was given twice`);
    const store = feature.create({
      studio: this,
      keep: (imageId, results, comparison) =>
        this.workspace.keepResults(imageId, { features: { [id]: results }, comparison }),
    });
    this.#stores[id] = store;
    Object.assign(this.commands, feature.commands?.(store, this));
    const results = feature.results;
    if (!results) return;
    this.#features.push({
      id,
      take: () => results.take(store),
      // The shelf keeps what `take` gave for this id, so it is this feature's R.
      put: (kept) => results.put(store, (kept ?? null) as R | null),
      discard: () => results.discard(store),
      imageIds: (kept) => results.imageIds(kept as R),
    });
  }

  /** The features' stores, by feature id (set once, in the constructor). */
  readonly #stores: Record<string, unknown> = {};
  /** The features' results hooks, with their store bound. */
  readonly #features: InstalledResults[] = [];
  /** The commands the features answer. */
  readonly commands: Commands = {};

  /** The shown photo's unaccepted results, for the workspace to keep with it while it is not shown. */
  readonly #shelf: ResultShelf = {
    take: () => {
      const features: Record<string, unknown> = {};
      for (const feature of this.#features) features[feature.id] = feature.take();
      const results = { features, comparison: this.document.comparison };
      this.#discardResults();
      return results;
    },
    put: (results) => {
      for (const feature of this.#features) feature.put(results.features[feature.id]);
      if (results.comparison) this.document.compare(results.comparison.image, results.comparison.label);
    },
    imageIds: (results) =>
      this.#features.flatMap((feature) => {
        const kept = results.features[feature.id];
        return kept === undefined || kept === null ? [] : feature.imageIds(kept);
      }),
  };
}

/** A feature's results hooks with its store bound. */
interface InstalledResults {
  id: string;
  take(): unknown;
  put(kept: unknown): void;
  discard(): void;
  imageIds(kept: unknown): string[];
}

export const [getStudio, setStudio] = createContext<Studio>();
