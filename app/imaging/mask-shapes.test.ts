import { describe, expect, it } from 'vitest';
import type { MaskShapeT } from '../api/contract.js';
import { mulberry32 } from '../../models/index.js';
import { drawShapes, drawShapesInSlices, MAX_MASK_ROW_WORK } from './mask-shapes.js';

type Point = [number, number];

/** The definitions, pixel by pixel: slow and obviously right. */
function reference(shapes: readonly MaskShapeT[], width: number, height: number): Uint8Array {
  const bits = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const [x, y] = [col + 0.5, row + 0.5];
      if (shapes.some((s) => covers(s, x, y))) bits[row * width + col] = 1;
    }
  }
  return bits;
}

function covers(shape: MaskShapeT, x: number, y: number): boolean {
  if (shape.kind === 'rect')
    return x >= shape.x && x < shape.x + shape.width && y >= shape.y && y < shape.y + shape.height;
  if (shape.kind === 'stroke') {
    const pts = shape.points;
    const segments = pts.length === 1 ? [[pts[0]!, pts[0]!]] : pts.slice(1).map((p, i) => [pts[i]!, p]);
    return segments.some(([a, b]) => distanceToSegment(x, y, a!, b!) <= shape.radius);
  }
  let inside = false;
  const pts = shape.points;
  for (let i = 0; i < pts.length; i++) {
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[(i + 1) % pts.length]!;
    if ((ay <= y && by > y) || (by <= y && ay > y)) {
      if (x >= ax + ((y - ay) / (by - ay)) * (bx - ax)) inside = !inside;
    }
  }
  return inside;
}

function distanceToSegment(x: number, y: number, a: readonly number[], b: readonly number[]): number {
  const [dx, dy] = [b[0]! - a[0]!, b[1]! - a[1]!];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - a[0]!) * dx + (y - a[1]!) * dy) / l2)) : 0;
  return Math.hypot(x - a[0]! - t * dx, y - a[1]! - t * dy);
}

function randomShape(next: () => number, width: number, height: number): MaskShapeT {
  const point = (): Point => [next() * (width + 20) - 10, next() * (height + 20) - 10];
  const kind = next();
  if (kind < 0.3) {
    const [x, y] = point();
    return { kind: 'rect', x, y, width: 0.1 + next() * width, height: 0.1 + next() * height };
  }
  if (kind < 0.7) {
    const points = Array.from({ length: 1 + Math.floor(next() * 12) }, point);
    return { kind: 'stroke', points, radius: 0.2 + next() * 12 };
  }
  return { kind: 'polygon', points: Array.from({ length: 3 + Math.floor(next() * 10) }, point) };
}

describe('mask shapes, row by row', () => {
  it('matches the per-pixel definition on 400 seeded random masks', () => {
    let mismatches = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = mulberry32(seed);
      const [width, height] = [1 + Math.floor(next() * 48), 1 + Math.floor(next() * 40)];
      const shapes = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        randomShape(next, width, height),
      );
      const fast = drawShapes(shapes, width, height);
      const slow = reference(shapes, width, height);
      for (let i = 0; i < fast.length; i++) if (fast[i] !== slow[i]) mismatches++;
      if (mismatches) throw new Error(`seed ${seed}: ${mismatches} pixels differ`);
    }
    expect(mismatches).toBe(0);
  });

  // Drawn by area, as before, this is 3000 segments × 3 MP ≈ 10^10 pixel tests (minutes); by rows it
  // is 4.5 M intervals. The bound is loose because this machine may be shared.
  it('a 3000-point stroke of radius 4096 over a 2000×1500 image costs rows, not area', () => {
    const next = mulberry32(7);
    const points = Array.from({ length: 3000 }, (): Point => [next() * 2000, next() * 1500]);
    const started = performance.now();
    const bits = drawShapes([{ kind: 'stroke', points, radius: 4096 }], 2000, 1500);
    const seconds = (performance.now() - started) / 1000;
    expect(bits.every((b) => b === 1)).toBe(true);
    expect(seconds).toBeLessThan(15);
  });

  it('refuses, before drawing, a mask whose cost would pass the limit', () => {
    const stroke: MaskShapeT = {
      kind: 'stroke',
      points: Array.from({ length: 20_000 }, (_, i): Point => [i % 100, (i * 7) % 5000]),
      radius: 4096,
    };
    const started = performance.now();
    expect(() => drawShapes([stroke], 100, 8192)).toThrow(/too many or too wide/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(20_000 * 8192).toBeGreaterThan(MAX_MASK_ROW_WORK);
  });

  it('drawn in slices, the same mask comes out, the event loop keeps running, and a signal stops it', async () => {
    const next = mulberry32(11);
    const points = Array.from({ length: 2000 }, (): Point => [next() * 1200, next() * 900]);
    const shapes: MaskShapeT[] = [{ kind: 'stroke', points, radius: 600 }];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const sliced = await drawShapesInSlices(shapes, 1200, 900, new AbortController().signal, 5);
    clearInterval(timer);
    expect(Buffer.compare(sliced, drawShapes(shapes, 1200, 900))).toBe(0);
    expect(ticks).toBeGreaterThan(0);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1);
    await expect(drawShapesInSlices(shapes, 1200, 900, controller.signal, 1)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
