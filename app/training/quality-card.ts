/** The image-quality section of a model card, from app/quality's metrics, and its placement in a card. */
import { type CompletionAblation, completionMarkdown } from '../quality/completion-rows.js';
import type { ImageQualityMetrics } from '../quality/index.js';

const db = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} dB` : 'n/a');

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : 'n/a');

/**
 * The super-resolution ablation: classical baselines, the constant sharpening, the model, its learned
 * gain over the best of its base (lanczos3) and the sharpening, its σ's coverage, and any peers.
 */
function superResolutionTable(q: ImageQualityMetrics): string[] {
  const rows = Object.entries(q.superResolution);
  const peers = [...new Set(rows.flatMap(([, s]) => Object.keys(s.peers ?? {})))];
  const header = [
    'super-resolution',
    'bicubic',
    'lanczos3 (the base)',
    'constant sharpening',
    'this model',
    'learned gain',
    '±1σ / ±2σ',
    ...peers,
  ];
  return [
    `| ${header.join(' | ')} |`,
    `| --- | ${header
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows.map(([scale, s]) => {
      const gain = Number.isFinite(s.learnedGain)
        ? `${s.learnedGain >= 0 ? '+' : ''}${s.learnedGain.toFixed(2)} dB`
        : 'n/a';
      const cells = [
        scale.replace('x', '×'),
        db(s.bicubic),
        db(s.lanczos3),
        s.sharpened !== undefined ? db(s.sharpened) : '—',
        db(s.model),
        s.learnedGain < 0 ? `**${gain}**` : gain,
        `${pct(s.within1Sigma)} / ${pct(s.within2Sigma)}`,
        ...peers.map((p) =>
          s.peers?.[p] ? `${db(s.peers[p].psnr)} (${s.peers[p].seconds.toFixed(1)} s)` : '—',
        ),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}

/** Which halves of the metrics a card shows (a model may be shipped for one task only). */
export interface QualityParts {
  superResolution: boolean;
  completion: boolean;
  /** Another completion model scored in the same run, in rows of its own. */
  completionAblation?: CompletionAblation;
}

export function renderQualitySection(
  q: ImageQualityMetrics,
  command: string,
  parts: QualityParts = { superResolution: true, completion: true },
): string {
  const ip = q.inpainting;
  const completion =
    parts.completion && ip
      ? [
          '',
          `Completion, over the erased pixels only: the mean, k = 4 samples and σ, against the classical fill (biharmonic/harmonic), OpenCV's Telea and OpenCV's FSR_FAST (frequency-selective reconstruction; best classical = the best of the three, n/a without FSR). PSNR and SSIM (Gaussian window, σ = 1.5) in the hole; σ: the calibrated std of the mean's error; depth: distance to the nearest known pixel; rank: the truth's place among the 4 samples per hole value.${ip.structure ? ` The structure set: ${ip.structureCases ?? ''} synthetic 128×128 images, a step edge or a 6-px line at a random angle (contrast ≥ 60 levels, noise ≤ 3) under a centred 48×48 hole, scored against the image itself; never trained on.` : ''}`,
          '',
          ...completionMarkdown(ip, parts.completionAblation),
        ]
      : [];
  const superResolution = parts.superResolution
    ? [
        '',
        `Super-resolution: photos smaller than ${q.size} px are scored at their own size, never enlarged (an enlarged truth is itself a Lanczos interpolation); low-resolution inputs by an antialiased bicubic downscale. Learned gain = this model − the better of lanczos3 (the model's own base) and the constant sharpening (an unsharp mask on lanczos3 whose gain and radius per factor are fitted on training photos); ±1σ / ±2σ: output samples within one and two predicted standard deviations (a calibrated Gaussian: 68 % / 95 %).`,
        '',
        ...superResolutionTable(q),
      ]
    : [];
  return [
    `PSNR on the ${q.images} held-out photos, each centre-cropped to ${q.size}×${q.size} (mean over photos; higher is better). Measured with \`${command}\` in ${(q.seconds / 60).toFixed(1)} min.`,
    ...superResolution,
    ...completion,
  ].join('\n');
}

export const QUALITY_HEADING = '## Image quality';

/** Puts `body` under `heading` (replacing that section if present), else before "## Reproduce". */
export function withSection(card: string, heading: string, body: string): string {
  const block = `${heading}\n\n${body}\n\n`;
  const start = card.indexOf(`${heading}\n`);
  if (start >= 0) {
    const next = card.indexOf('\n## ', start + heading.length);
    return card.slice(0, start) + block + (next >= 0 ? card.slice(next + 1) : '');
  }
  const reproduce = card.indexOf('## Reproduce');
  return reproduce >= 0
    ? card.slice(0, reproduce) + block + card.slice(reproduce)
    : `${card.trimEnd()}\n\n${block}`;
}
