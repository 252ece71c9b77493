/** Evaluation holes, reproducible from a seed: free-form brush strokes and square boxes. */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { mulberry32 } from '../../models/index.js';
import { drawShapes } from '../imaging/mask.js';

/** 3–5 brush strokes of 3–5 segments, radius 4–10 px, like a user erasing wires or blemishes. */
export function strokeMask(width: number, height: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const strokes = 3 + Math.floor(random() * 3);
  const shapes = Array.from({ length: strokes }, () => {
    let x = width * (0.15 + 0.7 * random());
    let y = height * (0.15 + 0.7 * random());
    let angle = random() * 2 * Math.PI;
    const points: [number, number][] = [[x, y]];
    const segments = 3 + Math.floor(random() * 3);
    for (let s = 0; s < segments; s++) {
      angle += (random() - 0.5) * 2;
      const length = Math.min(width, height) * (0.05 + 0.1 * random());
      x = Math.min(width - 1, Math.max(0, x + Math.cos(angle) * length));
      y = Math.min(height - 1, Math.max(0, y + Math.sin(angle) * length));
      points.push([x, y]);
    }
    return { kind: 'stroke' as const, points, radius: 4 + 6 * random() };
  });
  return drawShapes(shapes, width, height);
}

/** A side×side box placed at least one box away from the borders. */
export function boxMask(width: number, height: number, side: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const x = side + Math.floor(random() * Math.max(1, width - 3 * side));
  const y = side + Math.floor(random() * Math.max(1, height - 3 * side));
  return drawShapes([{ kind: 'rect', x, y, width: side, height: side }], width, height);
}

/** A photo's evaluation holes, seeded by its file name: the same holes whatever the run or model. */
export function evaluationHoles(
  file: string,
  size: number,
  box: number,
): { strokes: Uint8Array; boxes: Uint8Array } {
  const seed = createHash('sha256').update(basename(file)).digest().readUInt32BE(0);
  return { strokes: strokeMask(size, size, seed), boxes: boxMask(size, size, box, seed) };
}

/** An RGB crop with its hole's pixels set to `fill` (black unless given). */
export function eraseHole(
  rgb: Uint8Array,
  hole: Uint8Array,
  fill: readonly number[] = [0, 0, 0],
): Uint8Array {
  return Uint8Array.from(rgb, (v, i) => (hole[Math.floor(i / 3)] ? fill[i % 3]! : v));
}
