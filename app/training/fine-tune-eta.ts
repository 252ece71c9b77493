/**
 * The time left in a fine-tuning job, whose work is not uniform: a held-out evaluation before the
 * steps (fresh runs only), the steps, and the same evaluation after them. An evaluation batch is timed
 * as it finishes, so the first estimate comes with the first evaluated batch; the evaluation after the
 * steps costs what the one before did. The steps go at the rate of the last few progress reports of
 * this session (a resumed run's from its resumed step on): a rate averaged from the start lags behind
 * a machine that slowed down or sped up, and the step timed before the run stands in only until two
 * reports have come.
 */

export interface FineTunePlan {
  /** Batches of one held-out evaluation. */
  evalBatches: number;
  steps: number;
  /** Steps already done (a resumed run). */
  stepsDone: number;
  /** Seconds one training step takes, timed on a sample before the run. */
  stepSeconds: number;
  /** Seconds per evaluation batch where known in advance (a resumed run's own, from its start). */
  evalBatchSeconds?: number;
}

type Phase = 'before' | 'train' | 'after';

/** Reports the step rate is measured over: five intervals (50 steps at the usual 10 a report). */
const RECENT_REPORTS = 6;

interface Report {
  at: number;
  step: number;
}

export class FineTuneEta {
  #phase: Phase = 'before';
  #phaseStart: number;
  #evalDone = 0;
  #evalBatchSeconds: number | null;
  #step: number;
  #reports: Report[] = [];

  constructor(
    private readonly plan: FineTunePlan,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#phaseStart = now();
    this.#evalBatchSeconds = plan.evalBatchSeconds ?? null;
    this.#step = plan.stepsDone;
  }

  /** Seconds per evaluation batch measured so far (null before the first batch). */
  get evalBatchSeconds(): number | null {
    return this.#evalBatchSeconds;
  }

  /** An evaluation batch finished (`done` of this evaluation's batches). */
  evaluated(done: number): void {
    this.#evalDone = done;
    if (this.#phase === 'before') this.#evalBatchSeconds = (this.now() - this.#phaseStart) / 1000 / done;
  }

  startTraining(): void {
    this.#enter('train');
  }

  /** Training reached step `done`. */
  trained(done: number): void {
    this.#step = done;
    this.#reports = [...this.#reports, { at: this.now(), step: done }].slice(-RECENT_REPORTS);
  }

  startEvaluationAfter(): void {
    this.#step = this.plan.steps;
    this.#enter('after');
  }

  /** Seconds per step: over the recent reports, or the timed step before two have come. */
  #stepSeconds(): number {
    const first = this.#reports[0];
    const last = this.#reports.at(-1);
    if (!first || !last || last.step <= first.step) return this.plan.stepSeconds;
    return (last.at - first.at) / 1000 / (last.step - first.step);
  }

  /** Seconds left, or null while no evaluation batch has been timed. */
  secondsLeft(): number | null {
    const perBatch = this.#evalBatchSeconds;
    if (perBatch === null) return null;
    const { evalBatches } = this.plan;
    const evalLeft = evalBatches - this.#evalDone;
    if (this.#phase === 'after') return Math.max(0, evalLeft * perBatch - this.#sinceBatch(perBatch));
    const before = this.#phase === 'before' ? evalLeft * perBatch : 0;
    return before + (this.plan.steps - this.#step) * this.#stepSeconds() + evalBatches * perBatch;
  }

  #enter(phase: Phase): void {
    this.#phase = phase;
    this.#phaseStart = this.now();
    this.#evalDone = 0;
  }

  /** Seconds into the evaluation batch in progress (capped at one batch's time). */
  #sinceBatch(perBatch: number): number {
    const elapsed = (this.now() - this.#phaseStart) / 1000 - this.#evalDone * perBatch;
    return Math.min(perBatch, Math.max(0, elapsed));
  }
}
