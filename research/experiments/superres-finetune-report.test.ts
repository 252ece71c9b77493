import { expect, it } from 'vitest';
import { renderGainMarkdown, summariseGain } from './superres-finetune-report.js';

const scores = [
  { name: 'a.jpg', side: 200, lanczos3: 30, models: [31, 31.5] },
  { name: 'b.jpg', side: 200, lanczos3: 28, models: [29, 29.1] },
];

it('takes the gain per photo, its mean, and whether it meets +0.2 dB', () => {
  const summary = summariseGain(scores);
  expect(summary.photos.map((p) => p.gain)).toEqual([0.5, expect.closeTo(0.1, 9)]);
  expect(summary.mean).toEqual({ lanczos3: 29, base: 30, tuned: 30.3 });
  expect(summary.gain.mean).toBeCloseTo(0.3, 9);
  expect(summary.gain.low).toBeCloseTo(0.1, 9);
  expect(summary.gain.high).toBeCloseTo(0.5, 9);
  expect(summary.met).toBe(true);
});

it('writes the per-photo table and the verdict', () => {
  const text = renderGainMarkdown(summariseGain(scores), {
    base: 'models/base',
    tuned: 'research/results/superres-finetune-model',
    tunePhotos: ['c.jpg', 'd.jpg'],
    trainedOn: ['c.jpg'],
    steps: 10,
    stepSeconds: 1.25,
    trainSeconds: 60,
    workers: 2,
    command: 'anp experiment superres-finetune',
  });
  expect(text).toContain('| b.jpg | 200 | 28.00 | 29.00 | 29.10 | +0.10 |');
  expect(text).toContain('+0.30 dB over the base');
  expect(text).toContain('target ≥ +0.2 dB: met');
  expect(text).toContain('on 1 of the 2 tune photos (c.jpg;');
});
