import type { MaskShapeT } from '../../../app/api/contract.js';

/** A rectangle from two corners, clipped to the image; null when nothing of it is inside. */
export function rectFromCorners(
  a: [number, number],
  b: [number, number],
  imageW: number,
  imageH: number,
): MaskShapeT | null {
  const x0 = clamp(Math.min(a[0], b[0]), 0, imageW);
  const y0 = clamp(Math.min(a[1], b[1]), 0, imageH);
  const x1 = clamp(Math.max(a[0], b[0]), 0, imageW);
  const y1 = clamp(Math.max(a[1], b[1]), 0, imageH);
  const width = Math.round(x1) - Math.round(x0);
  const height = Math.round(y1) - Math.round(y0);
  if (width < 1 || height < 1) return null;
  return { kind: 'rect', x: Math.round(x0), y: Math.round(y0), width, height };
}

/** Appends a brush point unless it is closer than a quarter radius to the last one (keeps masks small). */
export function extendStroke(points: [number, number][], point: [number, number], radius: number): boolean {
  return extendPath(points, point, radius / 4);
}

/** Appends a point unless it is closer than `minStep` image pixels to the last one. */
export function extendPath(points: [number, number][], point: [number, number], minStep: number): boolean {
  const last = points[points.length - 1];
  if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < minStep) return false;
  points.push([round1(point[0]), round1(point[1])]);
  return true;
}

/** The lasso's path closed into a polygon; null when it encloses less than a pixel. */
export function lassoPolygon(points: readonly [number, number][]): MaskShapeT | null {
  let twiceArea = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length] ?? [x, y];
    twiceArea += x * ny - nx * y;
  });
  return points.length >= 3 && Math.abs(twiceArea) >= 2 ? { kind: 'polygon', points: [...points] } : null;
}

/**
 * Draws shapes (image pixel coordinates) onto a 2D context scaled by `scale`, as opaque paint; eraser
 * strokes take paint away.
 */
export function paintShapes(
  ctx: CanvasRenderingContext2D,
  shapes: readonly MaskShapeT[],
  scale: number,
): void {
  ctx.save();
  ctx.scale(scale, scale);
  for (const shape of shapes) {
    ctx.beginPath();
    ctx.globalCompositeOperation = shape.kind === 'stroke' && shape.erase ? 'destination-out' : 'source-over';
    if (shape.kind === 'rect') {
      ctx.rect(shape.x, shape.y, shape.width, shape.height);
      ctx.fill();
    } else if (shape.kind === 'polygon') {
      shape.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.fill();
    } else {
      paintStroke(ctx, shape.points, shape.radius);
    }
  }
  ctx.restore();
}

function paintStroke(ctx: CanvasRenderingContext2D, points: [number, number][], radius: number): void {
  ctx.lineWidth = radius * 2;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const [first, ...rest] = points;
  if (!first) return;
  if (rest.length === 0) {
    ctx.arc(first[0], first[1], radius, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.moveTo(first[0], first[1]);
  for (const [x, y] of rest) ctx.lineTo(x, y);
  ctx.stroke();
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
