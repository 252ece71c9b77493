/**
 * Rasterises mask shapes row by row. Every shape (a rectangle, one segment of a stroke, a polygon)
 * gives, for each row its centre line crosses, the column intervals it covers; a row's intervals are
 * merged through a difference array. The cost is the number of (shape part, row) pairs plus one pass
 * over the pixels — never a shape's area — so a wide brush over thousands of points stays cheap.
 * A pixel belongs to a shape when its centre does (strokes: centre within `radius` of the path).
 */
import type { MaskShapeT } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { throwIfCancelled } from '../util/task.js';

type Point = readonly [number, number];
type AddInterval = (fromCol: number, toCol: number) => void;

/** A part of a shape that covers rows first..last and says which columns it covers in each. */
interface RowSpan {
  first: number;
  last: number;
  /** How many row visits it costs (rows × edges for a polygon). */
  cost: number;
  emit(row: number, add: AddInterval): void;
}

/** Most (shape part, row) pairs one mask may cost; beyond it the mask is refused before any work. */
export const MAX_MASK_ROW_WORK = 50_000_000;

export function drawShapes(shapes: readonly MaskShapeT[], width: number, height: number): Uint8Array {
  const rows = sweepLayers(plan(shapes, width, height), width, height);
  let step = rows.next();
  while (!step.done) step = rows.next();
  return step.value;
}

/**
 * The same, drawn a slice of rows at a time so that the engine keeps answering calls meanwhile;
 * `signal` stops it between slices.
 */
export async function drawShapesInSlices(
  shapes: readonly MaskShapeT[],
  width: number,
  height: number,
  signal: AbortSignal,
  sliceMs = 20,
): Promise<Uint8Array> {
  const rows = sweepLayers(plan(shapes, width, height), width, height);
  let sliceStart = performance.now();
  let step = rows.next();
  while (!step.done) {
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      throwIfCancelled(signal);
      sliceStart = performance.now();
    }
    step = rows.next();
  }
  return step.value;
}

/** Throws the error drawing these shapes would throw for their cost, without drawing them. */
export function checkShapesCost(shapes: readonly MaskShapeT[], width: number, height: number): void {
  plan(shapes, width, height);
}

/** A run of consecutive shapes that all paint, or all erase (eraser strokes). */
interface Layer {
  erase: boolean;
  spans: RowSpan[];
}

const erases = (shape: MaskShapeT): boolean => shape.kind === 'stroke' && shape.erase === true;

/** The shapes' row spans in layers, refused up front when drawing them would cost too much. */
function plan(shapes: readonly MaskShapeT[], width: number, height: number): Layer[] {
  const layers: Layer[] = [];
  for (const shape of shapes) {
    const spans = spansOf(shape, width, height).filter((s) => s.last >= s.first);
    const last = layers[layers.length - 1];
    if (last && last.erase === erases(shape)) last.spans.push(...spans);
    else layers.push({ erase: erases(shape), spans });
  }
  const work = layers.reduce((sum, layer) => sum + layer.spans.reduce((n, s) => n + s.cost, 0), 0);
  if (work > MAX_MASK_ROW_WORK) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the mask's shapes are too many or too wide for a ${width}×${height} image; draw fewer, or send the mask as a PNG`,
    );
  }
  return layers;
}

/** Each layer swept in order: painting layers set their pixels, erasing ones clear them. */
function* sweepLayers(layers: Layer[], width: number, height: number): Generator<void, Uint8Array> {
  if (layers.length === 1 && !layers[0]!.erase) return yield* sweep(layers[0]!.spans, width, height);
  const out = new Uint8Array(width * height);
  for (const layer of layers) {
    const bits = yield* sweep(layer.spans, width, height);
    const value = layer.erase ? 0 : 1;
    for (let i = 0; i < bits.length; i++) if (bits[i]) out[i] = value;
  }
  return out;
}

/** Draws row after row, pausing (yielding) after each row it drew. */
function* sweep(spans: RowSpan[], width: number, height: number): Generator<void, Uint8Array> {
  const bits = new Uint8Array(width * height);
  const diff = new Int32Array(width + 1);
  spans.sort((a, b) => a.first - b.first);
  let active: RowSpan[] = [];
  /** The first row after which some active span ends. */
  let ending = Infinity;
  let next = 0;
  const add: AddInterval = (from, to) => {
    const a = Math.max(0, from);
    const b = Math.min(width, to);
    if (b <= a) return;
    diff[a]! += 1;
    diff[b]! -= 1;
  };
  for (let row = spans[0]?.first ?? height; row < height; row++) {
    while (next < spans.length && spans[next]!.first <= row) {
      active.push(spans[next]!);
      ending = Math.min(ending, spans[next++]!.last);
    }
    if (ending < row) {
      active = active.filter((s) => s.last >= row);
      ending = active.reduce((m, s) => Math.min(m, s.last), Infinity);
    }
    if (active.length === 0) {
      if (next >= spans.length) break;
      row = spans[next]!.first - 1;
      continue;
    }
    for (const span of active) span.emit(row, add);
    let run = 0;
    const offset = row * width;
    for (let col = 0; col < width; col++) {
      run += diff[col]!;
      diff[col] = 0;
      if (run > 0) bits[offset + col] = 1;
    }
    diff[width] = 0;
    yield;
  }
  return bits;
}

function spansOf(shape: MaskShapeT, width: number, height: number): RowSpan[] {
  if (shape.kind === 'rect') {
    const [c0, c1] = centres(shape.x, shape.x + shape.width);
    const [r0, r1] = centres(shape.y, shape.y + shape.height);
    const [first, last] = [Math.max(0, r0), Math.min(height, r1) - 1];
    return [{ first, last, cost: last - first + 1, emit: (_row, add) => add(c0, c1) }];
  }
  if (shape.kind === 'stroke') {
    const { points, radius } = shape;
    if (points.length === 1) return [capsule(points[0]!, points[0]!, radius, height)];
    return points.slice(1).map((b, i) => capsule(points[i]!, b, radius, height));
  }
  return [polygon(shape.points, height)];
}

/** Index range [from, to) of the pixels whose centres lie in [a, b). */
function centres(a: number, b: number): [number, number] {
  return [Math.ceil(a - 0.5), Math.ceil(b - 0.5)];
}

/** Rows whose centre lies in the closed range [a, b]. */
function rowsWithin(a: number, b: number, height: number): [number, number] {
  return [Math.max(0, Math.ceil(a - 0.5)), Math.min(height - 1, Math.floor(b - 0.5))];
}

/** The points within `r` of segment a–b: on each row, a single interval (the capsule is convex). */
function capsule(a: Point, b: Point, r: number, height: number): RowSpan {
  const [first, last] = rowsWithin(Math.min(a[1], b[1]) - r, Math.max(a[1], b[1]) + r, height);
  const [ax, ay] = a;
  const [bx, dx, dy] = [b[0], b[0] - ax, b[1] - ay];
  const length2 = dx * dx + dy * dy;
  const rLength = r * Math.sqrt(length2);
  const r2 = r * r;
  return {
    first,
    last,
    cost: last - first + 1,
    // Straight-line arithmetic: this runs once per segment and row, the hot loop of a brush mask.
    emit(row, add) {
      const oy = row + 0.5 - ay;
      let lo = Infinity;
      let hi = -Infinity;
      if (oy >= -r && oy <= r) {
        const half = Math.sqrt(r2 - oy * oy);
        lo = ax - half;
        hi = ax + half;
      }
      const oyB = oy - dy;
      if (oyB >= -r && oyB <= r) {
        const half = Math.sqrt(r2 - oyB * oyB);
        lo = Math.min(lo, bx - half);
        hi = Math.max(hi, bx + half);
      }
      if (length2 > 0) {
        // The band between the discs: projection onto the segment in [0, 1] and distance from its
        // line at most r, each a linear condition on x.
        let bandLo = -Infinity;
        let bandHi = Infinity;
        let inBand = true;
        if (dx !== 0) {
          const p = ax + (-oy * dy) / dx;
          const q = ax + (length2 - oy * dy) / dx;
          bandLo = Math.min(p, q);
          bandHi = Math.max(p, q);
        } else inBand = oy * dy >= 0 && oy * dy <= length2;
        if (dy !== 0) {
          const p = ax + (oy * dx - rLength) / dy;
          const q = ax + (oy * dx + rLength) / dy;
          bandLo = Math.max(bandLo, Math.min(p, q));
          bandHi = Math.min(bandHi, Math.max(p, q));
        } else inBand &&= Math.abs(oy * dx) <= rLength;
        if (inBand && bandLo <= bandHi) {
          lo = Math.min(lo, bandLo);
          hi = Math.max(hi, bandHi);
        }
      }
      // Pixel centres in the closed interval [lo, hi].
      if (lo <= hi) add(Math.ceil(lo - 0.5), Math.floor(hi - 0.5) + 1);
    },
  };
}

interface Edge {
  first: number;
  last: number;
  ax: number;
  ay: number;
  slope: number;
}

/** Even–odd fill; each edge is visited only on the rows it crosses. */
function polygon(points: readonly Point[], height: number): RowSpan {
  const edges: Edge[] = [];
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[(i + 1) % points.length]!;
    if (ay === by) continue;
    // Rows whose centre cy satisfies min(ay, by) <= cy < max(ay, by).
    const [from, to] = centres(Math.min(ay, by), Math.max(ay, by));
    const edge = {
      first: Math.max(0, from),
      last: Math.min(height, to) - 1,
      ax,
      ay,
      slope: (bx - ax) / (by - ay),
    };
    if (edge.last >= edge.first) edges.push(edge);
  }
  edges.sort((p, q) => p.first - q.first);
  let active: Edge[] = [];
  let next = 0;
  return {
    first: edges[0]?.first ?? 0,
    last: edges.reduce((m, e) => Math.max(m, e.last), -1),
    cost: edges.reduce((sum, e) => sum + e.last - e.first + 1, 0),
    emit(row, add) {
      while (next < edges.length && edges[next]!.first <= row) active.push(edges[next++]!);
      active = active.filter((e) => e.last >= row);
      const cy = row + 0.5;
      const xs = active.map((e) => e.ax + (cy - e.ay) * e.slope).sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const [from, to] = centres(xs[k]!, xs[k + 1]!);
        add(from, to);
      }
    },
  };
}
