/**
 * The time left in a fine-tuning job, whose work is not uniform: a held-out evaluation before the
 * steps (fresh runs only), the steps, and the same evaluation after them. An evaluation batch is timed
 * as it finishes and the steps from one step timed before the run (then from the steps themselves,
 * as `EtaEstimator` blends them), so the first estimate comes with the first evaluated batch, not
 * after the steps begin; the evaluation after the steps costs what the one before did.
 */
import { EtaEstimator } from '../util/eta.js';

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

export class FineTuneEta {
  #phase: Phase = 'before';
  #phaseStart: number;
  #evalDone = 0;
  #evalBatchSeconds: number | null;
  #steps: EtaEstimator | null = null;
  #stepsLeftSeconds: number;

  constructor(
    private readonly plan: FineTunePlan,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#phaseStart = now();
    this.#evalBatchSeconds = plan.evalBatchSeconds ?? null;
    this.#stepsLeftSeconds = (plan.steps - plan.stepsDone) * plan.stepSeconds;
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
    this.#steps = new EtaEstimator(this.#phaseStart, this.plan.stepSeconds);
  }

  /** Training reached step `done`. */
  trained(done: number): void {
    const left = this.#steps?.update(
      this.now(),
      done - this.plan.stepsDone,
      this.plan.steps - this.plan.stepsDone,
    );
    if (left !== null && left !== undefined) this.#stepsLeftSeconds = left;
  }

  startEvaluationAfter(): void {
    this.#stepsLeftSeconds = 0;
    this.#enter('after');
  }

  /** Seconds left, or null while no evaluation batch has been timed. */
  secondsLeft(): number | null {
    const perBatch = this.#evalBatchSeconds;
    if (perBatch === null) return null;
    const { evalBatches } = this.plan;
    const evalLeft = evalBatches - this.#evalDone;
    if (this.#phase === 'after') return Math.max(0, evalLeft * perBatch - this.#sinceBatch(perBatch));
    const before = this.#phase === 'before' ? evalLeft * perBatch : 0;
    return before + this.#stepsLeftSeconds + evalBatches * perBatch;
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
