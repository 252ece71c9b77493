import { fitView, zoomAt, type View } from '../viewport.js';

/** The canvas view's zoom and pan; `fit` is re-applied whenever a different image size is shown. */
export class ViewportStore {
  zoom = $state(1);
  panX = $state(0);
  panY = $state(0);
  viewWidth = $state(0);
  viewHeight = $state(0);
  #imageW = 0;
  #imageH = 0;
  /** Whether the view is still the fitted one (a resize then fits again; else it keeps its centre). */
  #fitted = false;

  get view(): View {
    return { zoom: this.zoom, panX: this.panX, panY: this.panY };
  }

  #apply(view: View, fitted = false): void {
    this.#fitted = fitted;
    this.zoom = view.zoom;
    this.panX = view.panX;
    this.panY = view.panY;
  }

  setImageSize(width: number, height: number): void {
    if (width === this.#imageW && height === this.#imageH) return;
    this.#imageW = width;
    this.#imageH = height;
    this.fit();
  }

  resize(width: number, height: number): void {
    const first = this.viewWidth === 0;
    const [dx, dy] = [width - this.viewWidth, height - this.viewHeight];
    this.viewWidth = width;
    this.viewHeight = height;
    // A bar above the canvas (a notice, the compare controls) comes and goes: the photo stays in view.
    if (first || this.#fitted) this.fit();
    else this.#apply({ zoom: this.zoom, panX: this.panX + dx / 2, panY: this.panY + dy / 2 });
  }

  fit(): void {
    if (!this.#imageW || !this.viewWidth) return;
    this.#apply(fitView(this.viewWidth, this.viewHeight, this.#imageW, this.#imageH), true);
  }

  /** 100 %: one image pixel per CSS pixel, centred. */
  actualSize(): void {
    this.#apply({
      zoom: 1,
      panX: (this.viewWidth - this.#imageW) / 2,
      panY: (this.viewHeight - this.#imageH) / 2,
    });
  }

  zoomBy(factor: number, sx = this.viewWidth / 2, sy = this.viewHeight / 2): void {
    this.#apply(zoomAt(this.view, factor, sx, sy));
  }

  panBy(dx: number, dy: number): void {
    this.#fitted = false;
    this.panX += dx;
    this.panY += dy;
  }
}
