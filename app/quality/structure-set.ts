/**
 * The structure set: synthetic images whose hole a completion must bridge by continuing a straight
 * structure — a step edge or a 6-px line at a random angle through the middle, at least 60 grey
 * levels of contrast (grey or coloured), Gaussian noise of at most 3 levels, and a 48×48 hole at
 * the centre across it. Scored against the image itself; seeded, so every run sees the same cases;
 * never trained on.
 */
import { mulberry32 } from '../../models/index.js';

export const STRUCTURE_SIZE = 128;
export const STRUCTURE_HOLE = 48;
export const STRUCTURE_CASES = 24;
const LINE_WIDTH = 6;
const MIN_CONTRAST = 60;
const MAX_NOISE = 3;
/** How far from the image's centre the structure may pass (px): it always crosses the hole well. */
const MAX_OFFSET = 8;

export interface StructureCase {
  /** e.g. `line-037deg-colour`. */
  name: string;
  /** The side of the square image. */
  size: number;
  /** RGB bytes, size × size. */
  truth: Uint8Array;
  /** 1 where the completion must fill. */
  hole: Uint8Array;
}

const luma = (rgb: readonly number[]): number => 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!;

/** Two colours at least MIN_CONTRAST apart in luma (grey: all channels equal). */
function colourPair(random: () => number, grey: boolean): [number[], number[]] {
  const colour = (): number[] => {
    if (grey) return new Array<number>(3).fill(Math.floor(random() * 256));
    return [0, 0, 0].map(() => Math.floor(random() * 256));
  };
  for (;;) {
    const a = colour();
    const b = colour();
    if (Math.abs(luma(a) - luma(b)) >= MIN_CONTRAST) return [a, b];
  }
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The centred square hole. */
export function centredHole(size: number, side: number): Uint8Array {
  const hole = new Uint8Array(size * size);
  const start = Math.floor((size - side) / 2);
  for (let y = start; y < start + side; y++) hole.fill(1, y * size + start, y * size + start + side);
  return hole;
}

export function structureCase(index: number, seed = 25): StructureCase {
  const random = mulberry32((seed * 1000003 + index) >>> 0);
  const kind = index % 2 === 0 ? 'edge' : 'line';
  const grey = random() < 0.5;
  const angle = random() * Math.PI;
  const [background, structure] = colourPair(random, grey);
  const noise = MAX_NOISE * random();
  const size = STRUCTURE_SIZE;
  const cx = size / 2 + (random() * 2 - 1) * MAX_OFFSET;
  const cy = size / 2 + (random() * 2 - 1) * MAX_OFFSET;
  const [nx, ny] = [-Math.sin(angle), Math.cos(angle)];
  const truth = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Signed distance of the pixel's centre from the structure's axis; coverage antialiased over 1 px.
      const d = (x + 0.5 - cx) * nx + (y + 0.5 - cy) * ny;
      const cover = Math.min(1, Math.max(0, kind === 'edge' ? 0.5 + d : 0.5 + LINE_WIDTH / 2 - Math.abs(d)));
      const shared = normal(random) * noise;
      for (let c = 0; c < 3; c++) {
        const v = background[c]! + cover * (structure[c]! - background[c]!);
        const n = grey ? shared : normal(random) * noise;
        truth[(y * size + x) * 3 + c] = Math.round(Math.min(255, Math.max(0, v + n)));
      }
    }
  }
  const degrees = String(Math.round((angle * 180) / Math.PI)).padStart(3, '0');
  return {
    name: `${kind}-${degrees}deg-${grey ? 'grey' : 'colour'}`,
    size,
    truth,
    hole: centredHole(size, STRUCTURE_HOLE),
  };
}

/** The set: cases 0…count − 1, edges and lines alternating. */
export function structureSet(count = STRUCTURE_CASES, seed = 25): StructureCase[] {
  return Array.from({ length: count }, (_, i) => structureCase(i, seed));
}
