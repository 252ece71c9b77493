/**
 * A job's time left. The first unit of work carries the job's start-up (workers loading the model),
 * so once a second report arrives the rate is measured from the first finished unit on. Before any
 * unit has finished, the rate the last job of the same kind ran at gives a first estimate.
 */
export class EtaEstimator {
  #first: { at: number; done: number } | null = null;

  constructor(
    private readonly startedAt: number,
    /** Seconds per unit of the last job of this kind, if one ran. */
    private readonly priorRate: number | null,
  ) {}

  /** Seconds left after `done` of `total` units at time `now` (milliseconds), or null when unknown. */
  update(now: number, done: number, total: number): number | null {
    if (total <= 0 || done > total) return null;
    const elapsed = (now - this.startedAt) / 1000;
    if (done <= 0) return this.priorRate === null ? null : Math.max(0, this.priorRate * total - elapsed);
    if (!this.#first) {
      this.#first = { at: now, done };
      return (elapsed / done) * (total - done);
    }
    const units = done - this.#first.done;
    const rate = units > 0 ? (now - this.#first.at) / 1000 / units : elapsed / done;
    return rate * (total - done);
  }

  /** Seconds per unit after the start-up, to seed the next job's estimate (null if unmeasured). */
  rate(now: number, done: number): number | null {
    const first = this.#first;
    if (!first || done <= first.done) return null;
    return (now - first.at) / 1000 / (done - first.done);
  }
}
