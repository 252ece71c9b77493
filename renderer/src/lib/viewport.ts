/**
 * Zoom and pan as a transform from image pixels p to view pixels s: s = pan + zoom · p.
 * Pure functions so the maths is tested apart from the DOM.
 */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 32;
const FIT_MARGIN = 24;

function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The whole image centred in the view with a small margin; small images are not enlarged past 4×. */
export function fitView(viewW: number, viewH: number, imageW: number, imageH: number): View {
  const availW = Math.max(1, viewW - 2 * FIT_MARGIN);
  const availH = Math.max(1, viewH - 2 * FIT_MARGIN);
  const zoom = clampZoom(Math.min(availW / imageW, availH / imageH, 4));
  return { zoom, panX: (viewW - imageW * zoom) / 2, panY: (viewH - imageH * zoom) / 2 };
}

/** Zooms by `factor` keeping the image point under (sx, sy) where it is. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const zoom = clampZoom(view.zoom * factor);
  const px = (sx - view.panX) / view.zoom;
  const py = (sy - view.panY) / view.zoom;
  return { zoom, panX: sx - zoom * px, panY: sy - zoom * py };
}

/** Image pixel under a view point. */
export function toImage(view: View, sx: number, sy: number): [number, number] {
  return [(sx - view.panX) / view.zoom, (sy - view.panY) / view.zoom];
}
