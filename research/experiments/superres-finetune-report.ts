/** The fine-tune experiment's result: the gain per measured photo, its mean and interval, as JSON and markdown. */
import { meanDb } from '../../app/quality/psnr.js';
import { type Interval, pairedBootstrap } from './bootstrap.js';
import type { PhotoPsnr } from './superres-finetune-measure.js';

/** Issue 26: fine-tuning must gain at least this at ×4 on the photos held out of it. */
export const FINETUNE_TARGET_DB = 0.2;

export interface PhotoGain {
  name: string;
  side: number;
  lanczos3: number;
  base: number;
  tuned: number;
  gain: number;
}

export interface GainSummary {
  photos: PhotoGain[];
  mean: { lanczos3: number; base: number; tuned: number };
  /** Mean of the per-photo gains (tuned − base) and its paired-bootstrap 95 % interval. */
  gain: Interval;
  targetDb: number;
  met: boolean;
}

/** `scores` hold [base, tuned] per photo. */
export function summariseGain(scores: readonly PhotoPsnr[]): GainSummary {
  const photos = scores.map(({ name, side, lanczos3, models: [base, tuned] }) => ({
    name,
    side,
    lanczos3,
    base: base!,
    tuned: tuned!,
    gain: tuned! - base!,
  }));
  const column = (key: 'lanczos3' | 'base' | 'tuned') => meanDb(photos.map((p) => p[key]));
  const gain = pairedBootstrap(
    photos.map((p) => p.tuned),
    photos.map((p) => p.base),
  );
  return {
    photos,
    mean: { lanczos3: column('lanczos3'), base: column('base'), tuned: column('tuned') },
    gain,
    targetDb: FINETUNE_TARGET_DB,
    met: gain.mean >= FINETUNE_TARGET_DB,
  };
}

export interface RunFacts {
  base: string;
  tuned: string;
  tunePhotos: string[];
  trainedOn: string[];
  steps: number;
  stepSeconds: number;
  trainSeconds: number;
  workers: number;
  command: string;
}

const db = (v: number) => v.toFixed(2);
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;

export function renderGainMarkdown(summary: GainSummary, run: RunFacts): string {
  const { gain } = summary;
  return [
    '# Fine-tuning the super-resolution model on faces it never saw',
    '',
    `Base: \`${run.base}\`. Fine-tuned for ${run.steps} steps (${(run.trainSeconds / 60).toFixed(1)} min on ${run.workers} workers, ${run.stepSeconds.toFixed(2)} s a step measured before) on ${run.trainedOn.length} of the ${run.tunePhotos.length} tune photos (${run.trainedOn.join(', ')}; the trainer holds the rest out), into \`${run.tuned}\`.`,
    '',
    `×4 on ${summary.photos.length} other faces, whole photos, PSNR (dB): the fine-tuned model ${signed(gain.mean)} dB over the base (95 % paired-bootstrap interval ${signed(gain.low)} to ${signed(gain.high)}); target ≥ +${summary.targetDb} dB: ${summary.met ? 'met' : 'not met'}.`,
    '',
    '| photo | side | Lanczos-3 | base | fine-tuned | gain |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...summary.photos.map(
      (p) =>
        `| ${p.name} | ${p.side} | ${db(p.lanczos3)} | ${db(p.base)} | ${db(p.tuned)} | ${signed(p.gain)} |`,
    ),
    `| mean | | ${db(summary.mean.lanczos3)} | ${db(summary.mean.base)} | ${db(summary.mean.tuned)} | ${signed(gain.mean)} |`,
    '',
    `Reproduce: \`${run.command}\``,
    '',
  ].join('\n');
}
