/**
 * A job's time left. A rate known before the work (seconds per unit: the task's own, measured on a
 * sample of it just before it began, or the last job of the same kind) gives an estimate from the
 * start. Units finish in bursts (every thread finishes its share at about the same time), which makes
 * a rate measured over few units swing, so the measured rate takes over from the known one gradually,
 * fully once half the units are done. Without a known rate the rate measured from the first finished
 * unit on is used, which leaves out the start-up the first unit carried.
 */
const TAKE_OVER_SHARE = 0.5;

export class EtaEstimator {
  #first: { at: number; done: number } | null = null;
  #known: { rate: number; at: number; done: number } | null;

  constructor(
    private readonly startedAt: number,
    /** Seconds per unit of the last job of this kind, if one ran. */
    priorRate: number | null,
  ) {
    this.#known = priorRate === null ? null : { rate: priorRate, at: startedAt, done: 0 };
  }

  /**
   * Seconds left after `done` of `total` units at time `now` (milliseconds), or null when unknown.
   * `unitSeconds`: the task's own rate, measured just before its units began.
   */
  update(now: number, done: number, total: number, unitSeconds?: number): number | null {
    if (unitSeconds !== undefined) this.#known = { rate: unitSeconds, at: now, done };
    if (total <= 0 || done > total) return null;
    const known = this.#known;
    const left = total - done;
    if (done > 0) this.#first ??= { at: now, done };
    if (!known) {
      if (done <= 0) return null;
      return (this.rate(now, done) ?? (now - this.startedAt) / 1000 / done) * left;
    }
    const since = (now - known.at) / 1000;
    const units = done - known.done;
    if (units <= 0) return Math.max(0, known.rate * left - since);
    const weight = Math.min(1, units / total / TAKE_OVER_SHARE);
    return (weight * (since / units) + (1 - weight) * known.rate) * left;
  }

  /** Seconds per unit after the start-up, to seed the next job's estimate (null if unmeasured). */
  rate(now: number, done: number): number | null {
    const first = this.#first;
    if (!first || done <= first.done) return null;
    return (now - first.at) / 1000 / (done - first.done);
  }
}
