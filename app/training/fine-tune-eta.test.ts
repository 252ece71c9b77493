import { describe, expect, it } from 'vitest';
import { FineTuneEta } from './fine-tune-eta.js';

/** A clock in milliseconds the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (seconds: number) => (t += seconds * 1000) };
}

describe('FineTuneEta', () => {
  // 4 evaluation batches of 2 s before and after, 100 steps of 0.5 s: 66 s in all.
  const plan = { evalBatches: 4, steps: 100, stepsDone: 0, stepSeconds: 0.5 };

  it('has no estimate before an evaluation batch is timed, then counts both evaluations and the steps', () => {
    const c = clock();
    const eta = new FineTuneEta(plan, c.now);
    expect(eta.secondsLeft()).toBeNull();
    c.advance(2);
    eta.evaluated(1);
    expect(eta.secondsLeft()).toBeCloseTo(3 * 2 + 100 * 0.5 + 4 * 2, 6);
  });

  it('follows the steps as they are measured and counts the evaluation after them down', () => {
    const c = clock();
    const eta = new FineTuneEta(plan, c.now);
    for (let b = 1; b <= 4; b++) {
      c.advance(2);
      eta.evaluated(b);
    }
    eta.startTraining();
    expect(eta.secondsLeft()).toBeCloseTo(50 + 8, 6);
    // The steps run twice as slow as the timed one: by the end of training the estimate has caught up.
    for (let step = 10; step <= 100; step += 10) {
      c.advance(10);
      eta.trained(step);
    }
    eta.startEvaluationAfter();
    expect(eta.secondsLeft()).toBeCloseTo(8, 6);
    c.advance(1);
    expect(eta.secondsLeft()).toBeCloseTo(7, 6);
    c.advance(1);
    eta.evaluated(1);
    expect(eta.secondsLeft()).toBeCloseTo(6, 6);
  });

  it('takes over the measured step rate as training goes', () => {
    const c = clock();
    const eta = new FineTuneEta(plan, c.now);
    c.advance(2);
    eta.evaluated(4);
    eta.startTraining();
    for (let step = 10; step <= 60; step += 10) {
      c.advance(10);
      eta.trained(step);
    }
    // 40 steps left at 1 s each (measured from the second report on), then the 4 batches after.
    expect(eta.secondsLeft()).toBeCloseTo(40 + 4 * 0.5, 0);
  });

  it('a resumed run counts only its remaining steps, with the evaluation time of its start', () => {
    const c = clock();
    const eta = new FineTuneEta({ ...plan, stepsDone: 80, evalBatchSeconds: 2 }, c.now);
    eta.startTraining();
    expect(eta.secondsLeft()).toBeCloseTo(20 * 0.5 + 8, 6);
  });
});
