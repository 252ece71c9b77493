import { createContext } from 'svelte';
import type { AnpApi, ApiArgs } from '../../../../app/api/contract.js';
import { electronBridge, type AnpBridge } from '../api/bridge.js';
import type { Binding } from '../api/client.js';
import { openArgsForFile } from '../api/files.js';
import { ViewportStore } from '../../features/canvas/viewport.svelte.js';
import { CompareStore } from '../../features/compare/compare.svelte.js';
import { AttentionStore } from '../../features/attention/attention.svelte.js';
import { InpaintStore } from '../../features/inpaint/inpaint.svelte.js';
import type { MaskStore } from '../../features/inpaint/mask.svelte.js';
import { UpscaleEstimateStore } from '../../features/upscale/estimate.svelte.js';
import { ExportStore } from '../../features/upscale/export.svelte.js';
import { RegionPreviewStore } from '../../features/upscale/region-preview.svelte.js';
import { UpscaleStore } from '../../features/upscale/upscale.svelte.js';
import { TrainStore } from '../../features/train/train.svelte.js';
import { DocumentStore } from './document.svelte.js';
import { EngineStore } from './engine.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import { NoticeStore } from './notices.svelte.js';
import { LIGHT_QUERY, ThemeStore } from './theme.svelte.js';
import type { PendingResults, ResultShelf } from './pending-results.js';
import { MAIN_PREVIEW_SIDE, PreviewCache } from './previews.js';
import { Workspace, type SavedWorkspace } from './workspace.svelte.js';
import { photosStillHeld } from './workspace-restore.js';

/** Where a tab keeps its open photos across a reload (the engine still holds the images). */
const WORKSPACE_KEY = 'anp.workspace';

export type Panel = 'inpaint' | 'upscale' | 'models';

/** Every store of the app, wired to one API; components get it from context. */
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
  readonly compare = new CompareStore();
  readonly mask: MaskStore;
  readonly inpaint: InpaintStore;
  readonly upscale: UpscaleStore;
  readonly upscaleEstimate: UpscaleEstimateStore;
  readonly regionPreview: RegionPreviewStore;
  readonly exporter: ExportStore;
  readonly train: TrainStore;
  readonly workspace: Workspace;
  readonly attention: AttentionStore;
  panel = $state<Panel>('inpaint');
  helpOpen = $state(false);
  /** False until the saved photos of a reload are back (saving before then would overwrite them). */
  restored = $state(false);
  opening = $state(false);

  constructor(
    readonly api: AnpApi,
    readonly binding: Binding,
    /** Asks the user a yes/no question (the page's confirm dialog; injected in tests). */
    readonly confirm: (message: string) => boolean = (message) => window.confirm(message),
  ) {
    this.engine = new EngineStore(api);
    this.document = new DocumentStore();
    this.mask = this.document.mask;
    this.workspace = new Workspace(this.document, this.#shelf);
    this.attention = new AttentionStore(api);
    this.jobs = new JobsStore(api);
    this.previews = new PreviewCache(api);
    const keep = (imageId: string, results: Partial<PendingResults>) =>
      this.workspace.keepResults(imageId, results);
    this.inpaint = new InpaintStore(api, this.jobs, this.document, this.mask, keep);
    this.upscale = new UpscaleStore(api, this.jobs, this.document, keep);
    this.upscaleEstimate = new UpscaleEstimateStore(api);
    this.regionPreview = new RegionPreviewStore(api, this.upscale, this.document);
    this.exporter = new ExportStore(api, this.bridge);
    this.train = new TrainStore(api, this.jobs, this.engine);
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
    for (const file of files) {
      await this.attempt(async () => this.#openNew(await openArgsForFile(file)));
    }
  }

  async openPaths(paths: readonly string[]): Promise<void> {
    for (const path of paths) await this.attempt(() => this.#openNew({ kind: 'path', path }));
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

  /** Exports what the canvas shows (a result being compared, else the current image). */
  async exportShown(): Promise<void> {
    const image = this.document.shown;
    if (!image) return;
    await this.attempt(async () => {
      const where = await this.exporter.export(image, this.document.current?.name ?? image.name);
      if (where) {
        this.workspace.markExported(image.id);
        this.notices.info(
          `Exported ${image.width} × ${image.height} ${this.exporter.format.toUpperCase()} to ${where}`,
        );
      }
    });
  }

  /** Commands from Electron's application menu. */
  listenToMenu(): () => void {
    return (
      this.bridge?.onMenu((menu) => {
        if (menu.command === 'open') void this.openPaths(menu.paths);
        else if (menu.command === 'export') void this.exportShown();
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

  /** The attention view: what the completed pixel under (x, y) attended to. */
  async inspectAttention(x: number, y: number): Promise<void> {
    const image = this.inpaint.shownCompletion;
    const mask = this.inpaint.ranMask;
    if (!image || !mask) return;
    await this.attempt(() => this.attention.inspect(image, mask, Math.floor(x), Math.floor(y)));
  }

  #discardResults(): void {
    this.attention.clear();
    this.regionPreview.discard();
    this.inpaint.discard();
    this.upscale.result = null;
  }

  /** The shown photo's unaccepted results, for the workspace to keep with it while it is not shown. */
  readonly #shelf: ResultShelf = {
    take: () => {
      const results = {
        inpaint: this.inpaint.results(),
        upscale: this.upscale.result,
        comparison: this.document.comparison,
      };
      this.#discardResults();
      return results;
    },
    put: (results) => {
      this.inpaint.restore(results.inpaint);
      this.upscale.result = results.upscale;
      if (results.comparison) this.document.compare(results.comparison.image, results.comparison.label);
    },
  };
}

export const [getStudio, setStudio] = createContext<Studio>();
