/** The image-quality section of a model card, from app/quality's metrics, and its placement in a card. */
import type { ImageQualityMetrics } from '../quality/index.js';

const db = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} dB` : 'n/a');
const verdict = (model: number, best: number) =>
  !Number.isFinite(model) || !Number.isFinite(best)
    ? '—'
    : model >= best
      ? `beats it by ${(model - best).toFixed(2)} dB`
      : `**below it by ${(best - model).toFixed(2)} dB**`;

export function renderQualitySection(q: ImageQualityMetrics, command: string): string {
  const sr = Object.entries(q.superResolution).map(([scale, s]) => {
    const best = Math.max(s.bicubic, s.lanczos3);
    return `| ${scale.replace('x', '×')} | ${db(s.bicubic)} | ${db(s.lanczos3)} | ${db(s.model)} | ${verdict(s.model, best)} |`;
  });
  const ip = q.inpainting;
  return [
    `PSNR on the ${q.images} held-out photos, each centre-cropped to ${q.size}×${q.size} (mean over photos; higher is better). Measured with \`${command}\` in ${(q.seconds / 60).toFixed(1)} min.`,
    '',
    '| super-resolution | bicubic | lanczos3 | this model | vs the better baseline |',
    '| --- | ---: | ---: | ---: | --- |',
    ...sr,
    '',
    '| completion (PSNR over the erased pixels) | OpenCV Telea | this model | vs Telea |',
    '| --- | ---: | ---: | --- |',
    `| free-form strokes | ${db(ip.strokes.telea)} | ${db(ip.strokes.model)} | ${verdict(ip.strokes.model, ip.strokes.telea)} |`,
    `| ${ip.boxSide}×${ip.boxSide} boxes | ${db(ip.boxes.telea)} | ${db(ip.boxes.model)} | ${verdict(ip.boxes.model, ip.boxes.telea)} |`,
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
