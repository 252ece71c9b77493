import { describe, expect, it } from 'vitest';
import { renderQualitySection, withSection } from './quality-card.js';

const card = '# M\n\n## Held-out results\n\nold\n\n## Reproduce\n\n```sh\nanp train\n```\n';

describe('model card sections', () => {
  it('replaces an existing section and inserts a new one before Reproduce', () => {
    const a = withSection(card, '## Held-out results', 'new');
    expect(a).toBe('# M\n\n## Held-out results\n\nnew\n\n## Reproduce\n\n```sh\nanp train\n```\n');
    const b = withSection(a, '## Image quality', 'psnr');
    expect(b.indexOf('## Image quality')).toBeLessThan(b.indexOf('## Reproduce'));
    expect(withSection(b, '## Image quality', 'psnr2')).toBe(b.replace('psnr', 'psnr2'));
  });

  const scores = { within1Sigma: 0.68, within2Sigma: 0.95, modelSeconds: 1, peers: {} };
  it('says plainly when the model is below a baseline', () => {
    const text = renderQualitySection(
      {
        images: 2,
        size: 256,
        seconds: 60,
        superResolution: {
          x2: { ...scores, bicubic: 30, lanczos3: 31, sharpened: 31.2, model: 29.5, learnedGain: -1.7 },
          x4: { ...scores, bicubic: 24, lanczos3: 24.5, model: 25, learnedGain: 0.5 },
        },
        inpainting: { strokes: { model: 20, telea: 19 }, boxes: { model: 15, telea: 16 }, boxSide: 64 },
      },
      'anp eval',
    );
    expect(text).toContain('| ×2 | 30.00 dB | 31.00 dB | 31.20 dB | 29.50 dB | **-1.70 dB** | 68 % / 95 % |');
    expect(text).toContain('| ×4 | 24.00 dB | 24.50 dB | — | 25.00 dB | +0.50 dB | 68 % / 95 % |');
    expect(text).toContain('| 64×64 boxes | 16.00 dB | 15.00 dB | **below it by 1.00 dB** |');
  });
});
