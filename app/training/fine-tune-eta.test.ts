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

  it('follows the steps at their measured rate and counts the evaluation after them down', () => {
    const c = clock();
    const eta = new FineTuneEta(plan, c.now);
    for (let b = 1; b <= 4; b++) {
      c.advance(2);
      eta.evaluated(b);
    }
    eta.startTraining();
    expect(eta.secondsLeft()).toBeCloseTo(50 + 8, 6);
    // The steps run twice as slow as the timed one: from the second report on, at 1 s a step.
    c.advance(10);
    eta.trained(10);
    expect(eta.secondsLeft()).toBeCloseTo(90 * 0.5 + 8, 6);
    for (let step = 20; step <= 100; step += 10) {
      c.advance(10);
      eta.trained(step);
      expect(eta.secondsLeft()).toBeCloseTo(100 - step + 8, 6);
    }
    eta.startEvaluationAfter();
    expect(eta.secondsLeft()).toBeCloseTo(8, 6);
    c.advance(1);
    expect(eta.secondsLeft()).toBeCloseTo(7, 6);
    c.advance(1);
    eta.evaluated(1);
    expect(eta.secondsLeft()).toBeCloseTo(6, 6);
  });

  it('goes by the recent rate: a machine that slows down is seen within a few reports', () => {
    const c = clock();
    const eta = new FineTuneEta({ ...plan, evalBatchSeconds: 0.5 }, c.now);
    eta.startTraining();
    for (let step = 10; step <= 40; step += 10) {
      c.advance(5);
      eta.trained(step);
    }
    expect(eta.secondsLeft()).toBeCloseTo(60 * 0.5 + 2, 6);
    // From step 40 on, 2 s a step: after five more reports the rate is all the new one.
    for (let step = 50; step <= 90; step += 10) {
      c.advance(20);
      eta.trained(step);
    }
    expect(eta.secondsLeft()).toBeCloseTo(10 * 2 + 2, 6);
  });

  it('a resumed run counts from its resumed step, with the evaluation time of its start', () => {
    const c = clock();
    const eta = new FineTuneEta(
      { evalBatches: 4, steps: 300, stepsDone: 220, stepSeconds: 0.3, evalBatchSeconds: 2 },
      c.now,
    );
    eta.startTraining();
    expect(eta.secondsLeft()).toBeCloseTo(80 * 0.3 + 8, 6);
    // 15 s to start the workers and train 10 steps: the timed step stands in until a second report.
    c.advance(15);
    eta.trained(230);
    expect(eta.secondsLeft()).toBeCloseTo(70 * 0.3 + 8, 6);
    const left: number[] = [];
    for (let step = 240; step <= 280; step += 10) {
      c.advance(10);
      eta.trained(step);
      left.push(eta.secondsLeft()!);
    }
    expect(left.map((s) => Math.round(s))).toEqual([68, 58, 48, 38, 28]);
  });
});
