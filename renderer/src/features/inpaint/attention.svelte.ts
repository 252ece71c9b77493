import type { AnpApi, ImageInfo, MaskT, PixelAttention } from '../../../../app/api/contract.js';

/** One colour per attention head (Tableau 10 without its greys), cycled past ten heads. */
export const HEAD_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export function headColour(head: number): string {
  return HEAD_COLOURS[head % HEAD_COLOURS.length] ?? '#ffffff';
}

/**
 * The attention view: click a completed pixel of a shown completion and see which context pixels each
 * head of the model's cross-attention weighed.
 */
export class AttentionStore {
  active = $state(false);
  result = $state.raw<PixelAttention | null>(null);
  /** The completed image the result belongs to. */
  imageId = $state<string | null>(null);
  /** The head shown alone, or null for all heads at once. */
  head = $state<number | null>(null);
  loading = $state(false);
  #api: AnpApi;

  constructor(api: AnpApi) {
    this.#api = api;
  }

  toggle(): void {
    this.active = !this.active;
    if (!this.active) this.clear();
  }

  /** Asks the engine what the pixel (x, y) of `image`, completed under `mask`, attended to. */
  async inspect(image: ImageInfo, mask: MaskT, x: number, y: number): Promise<void> {
    this.loading = true;
    try {
      this.result = await this.#api.call('pixelAttention', { imageId: image.id, mask, x, y });
      this.imageId = image.id;
      if (this.head !== null && this.head >= this.result.weights.length) this.head = null;
    } finally {
      this.loading = false;
    }
  }

  clear(): void {
    this.result = null;
    this.imageId = null;
  }
}

const MIN_POINT_PX = 4;

/**
 * Paints the attention onto a 2D context (image pixel coordinates scaled by `scale`): each context
 * point (a pixel, or a block of `cell` pixels) in the colour of its head, as opaque as its weight is large relative to that head's largest;
 * with all heads, the head that weighs a point most colours it.
 */
export function paintAttention(
  ctx: CanvasRenderingContext2D,
  result: PixelAttention,
  head: number | null,
  scale: number,
): void {
  const heads = head === null ? result.weights.map((_, h) => h) : [head];
  const peaks = result.weights.map((w) => Math.max(...w, 1e-12));
  // A point is drawn at least MIN_POINT_PX screen pixels wide: one image pixel vanishes at fit zoom.
  const cell = Math.max(result.cell ?? 1, MIN_POINT_PX / scale);
  ctx.save();
  ctx.scale(scale, scale);
  result.points.forEach(([x, y], p) => {
    let best = heads[0] ?? 0;
    for (const h of heads) if (share(result, h, p, peaks) > share(result, best, p, peaks)) best = h;
    ctx.globalAlpha = share(result, best, p, peaks);
    ctx.fillStyle = headColour(best);
    ctx.fillRect(x + 0.5 - cell / 2, y + 0.5 - cell / 2, cell, cell);
  });
  ctx.globalAlpha = 1;
  ctx.strokeStyle = 'white';
  ctx.lineWidth = 1 / scale;
  const { window } = result;
  ctx.strokeRect(window.x, window.y, window.width, window.height);
  ctx.strokeRect(result.x - 1, result.y - 1, 3, 3);
  ctx.restore();
}

function share(result: PixelAttention, head: number, point: number, peaks: number[]): number {
  return (result.weights[head]?.[point] ?? 0) / (peaks[head] ?? 1);
}
