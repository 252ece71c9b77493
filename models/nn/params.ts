import * as tf from '@tensorflow/tfjs';

/** 32-bit FNV-1a of a string mixed with a seed: every variable's initial values depend only on (seed, name). */
function hashSeed(seed: number, name: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** mulberry32: a small, fast, well-mixed PRNG giving uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 'small': Glorot scaled by 1/100, for a residual head that starts near its base yet passes gradients back. */
export type Init = 'glorot' | 'small' | 'zeros' | 'ones';

/**
 * Owns a model's variables under stable names (`det/enc/l0/kernel`). tfjs registers variables
 * globally by name, so the registered name carries a per-model `scope` prefix that keeps two live
 * models apart; `''` gives registered names equal to the stable ones.
 */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();

  constructor(
    readonly seed: number,
    readonly scope: string,
  ) {}

  create(name: string, shape: number[], init: Init): tf.Variable {
    if (this.vars.has(name)) throw new Error(`duplicate variable name '${name}'`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (init === 'ones') values.fill(1);
    if (init === 'glorot' || init === 'small') {
      const fanIn = shape.length > 1 ? shape[0]! : size;
      const fanOut = shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut)) * (init === 'small' ? 0.01 : 1);
      const rand = mulberry32(hashSeed(this.seed, name));
      for (let i = 0; i < size; i++) values[i] = (2 * rand() - 1) * limit;
    }
    const initial = tf.tensor(values, shape, 'float32');
    const v = tf.variable(initial, true, this.scope + name);
    initial.dispose();
    this.vars.set(name, v);
    return v;
  }

  /** Stable name → variable, in creation order. */
  entries(): [string, tf.Variable][] {
    return [...this.vars.entries()];
  }

  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/** A scope not used by any live variable: '' when free, else `m<n>/`. */
export function freeScope(probe: string): string {
  const taken = (scope: string) => tf.engine().registeredVariables[scope + probe] !== undefined;
  if (!taken('')) return '';
  for (let n = 1; ; n++) if (!taken(`m${n}/`)) return `m${n}/`;
}
