/**
 * Seconds per tile of upscale plans, measured on this machine: by a timing sample, or by a whole
 * job. A tile's cost depends on the plan (the scale sets how many targets and contexts it has;
 * 7–48 ms a tile from ×1.5 to ×16 on one wasm thread), so each plan of each model and thread count
 * keeps its own; the latest measure wins. Timing samples and region previews run one at a time in
 * one lane, so that none waits on another's tiles while it is timed.
 */
import type { ModelRef } from '../util/task.js';

interface Sizes {
  width: number;
  height: number;
}

const KEEP = 64;

export class UpscaleTiming {
  readonly #rates = new Map<string, number>();
  #lane: Promise<unknown> = Promise.resolve();

  static key(model: ModelRef, workers: number, input: Sizes, output: Sizes): string {
    return `${model.dir}|${workers}|${input.width}x${input.height}|${output.width}x${output.height}`;
  }

  known(key: string): number | undefined {
    return this.#rates.get(key);
  }

  record(key: string, secondsPerTile: number): void {
    if (!(secondsPerTile > 0) || !Number.isFinite(secondsPerTile)) return;
    this.#rates.delete(key);
    this.#rates.set(key, secondsPerTile);
    if (this.#rates.size > KEEP) this.#rates.delete(this.#rates.keys().next().value!);
  }

  /** The plan's seconds per tile: known, else timed now by `time` (in the lane). */
  secondsPerTile(key: string, time: () => Promise<number>): Promise<number> {
    return this.inLane(async () => {
      const known = this.known(key);
      if (known !== undefined) return known;
      const seconds = await time();
      this.record(key, seconds);
      return seconds;
    });
  }

  inLane<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lane.then(work);
    this.#lane = run.catch(() => undefined);
    return run;
  }
}
