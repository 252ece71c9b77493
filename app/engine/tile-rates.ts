/**
 * Seconds per tile of upscale plans, measured on this machine: by a timing sample, a preview or a
 * whole job. A tile's cost depends on the plan (the scale sets how many targets and contexts it has;
 * 7–48 ms a tile from ×1.5 to ×16 on one wasm thread), so each plan of each model and thread count
 * keeps its own; the latest measure wins.
 */
import type { ModelRef } from '../util/task.js';

interface Sizes {
  width: number;
  height: number;
}

const KEEP = 64;

export class TileRates {
  readonly #rates = new Map<string, number>();

  static key(model: ModelRef, workers: number, input: Sizes, output: Sizes): string {
    return `${model.dir}|${workers}|${input.width}x${input.height}|${output.width}x${output.height}`;
  }

  get(key: string): number | undefined {
    return this.#rates.get(key);
  }

  set(key: string, secondsPerTile: number): void {
    if (!(secondsPerTile > 0) || !Number.isFinite(secondsPerTile)) return;
    this.#rates.delete(key);
    this.#rates.set(key, secondsPerTile);
    if (this.#rates.size > KEEP) this.#rates.delete(this.#rates.keys().next().value!);
  }
}
