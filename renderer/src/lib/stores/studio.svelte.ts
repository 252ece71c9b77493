import { createContext } from 'svelte';
import type { AnpApi, ApiArgs } from '../../../../app/api/contract.js';
import { electronBridge, type AnpBridge } from '../api/bridge.js';
import type { Binding } from '../api/client.js';
import { openArgsForFile } from '../api/files.js';
import { ViewportStore } from '../../features/canvas/viewport.svelte.js';
import { InpaintStore } from '../../features/inpaint/inpaint.svelte.js';
import { MaskStore } from '../../features/inpaint/mask.svelte.js';
import { ExportStore } from '../../features/upscale/export.svelte.js';
import { UpscaleStore } from '../../features/upscale/upscale.svelte.js';
import { TrainStore } from '../../features/train/train.svelte.js';
import { DocumentStore } from './document.svelte.js';
import { EngineStore } from './engine.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import { NoticeStore } from './notices.svelte.js';
import { MAIN_PREVIEW_SIDE, PreviewCache } from './previews.js';

export type Panel = 'inpaint' | 'upscale' | 'models';

/** Every store of the app, wired to one API; components get it from context. */
export class Studio {
  readonly bridge: AnpBridge | null = electronBridge();
  readonly notices = new NoticeStore();
  readonly engine: EngineStore;
  readonly document: DocumentStore;
  readonly jobs: JobsStore;
  readonly previews: PreviewCache;
  readonly viewport = new ViewportStore();
  readonly mask = new MaskStore();
  readonly inpaint: InpaintStore;
  readonly upscale: UpscaleStore;
  readonly exporter: ExportStore;
  readonly train: TrainStore;
  panel = $state<Panel>('inpaint');
  opening = $state(false);

  constructor(
    readonly api: AnpApi,
    readonly binding: Binding,
  ) {
    this.engine = new EngineStore(api);
    this.document = new DocumentStore();
    this.jobs = new JobsStore(api);
    this.previews = new PreviewCache(api);
    this.inpaint = new InpaintStore(api, this.jobs, this.document, this.mask);
    this.upscale = new UpscaleStore(api, this.jobs, this.document);
    this.exporter = new ExportStore(api, this.bridge);
    this.train = new TrainStore(api, this.jobs, this.engine);
    api.onEvent((event) => {
      if (event.type === 'engine') this.notices.engine(event.message);
    });
  }

  /** Runs a user action; any failure becomes the error banner and the app carries on. */
  async attempt(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (err) {
      this.notices.report(err);
    }
  }

  async openFile(file: File): Promise<void> {
    await this.attempt(async () => {
      await this.#openNew(await openArgsForFile(file));
    });
  }

  /** Exports what the canvas shows (a result being compared, else the current image). */
  async exportShown(): Promise<void> {
    const image = this.document.shown;
    if (!image) return;
    await this.attempt(async () => {
      const where = await this.exporter.export(image, this.document.current?.name ?? image.name);
      if (where) {
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
        if (menu.command === 'export') void this.exportShown();
        else if (menu.paths[0]) void this.openPath(menu.paths[0]);
      }) ?? (() => undefined)
    );
  }

  async openPath(path: string): Promise<void> {
    await this.attempt(() => this.#openNew({ kind: 'path', path }));
  }

  /**
   * Opens a file as the new document once its preview has decoded too (some damaged files pass the
   * header check and only fail there); on any failure the previous document stays as it was.
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
      this.document.load(info);
      if (info.frames) this.notices.info(`${info.name} has ${info.frames} frames; only the first is used.`);
    } finally {
      this.opening = false;
    }
    this.mask.clear();
    this.inpaint.discard();
    this.upscale.result = null;
  }
}

export const [getStudio, setStudio] = createContext<Studio>();
