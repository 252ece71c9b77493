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
  const completion = (psnr: number) => ({
    meanPsnr: psnr,
    samplePsnr: psnr - 2.5,
    classical: psnr,
    telea: psnr - 1,
    diversity: 8,
    blockDiversity: 6,
    textureRatio: 1,
    within1Sigma: 0.7,
    within2Sigma: 0.93,
    spearmanSigmaError: 0.5,
    spearmanDistanceError: 0.4,
    spearmanSigmaDistance: 0.6,
    seconds: 2,
  });
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
        inpainting: { strokes: completion(20), boxes: completion(15), boxSide: 64 },
      },
      'anp eval',
    );
    expect(text).toContain('| ×2 | 30.00 dB | 31.00 dB | 31.20 dB | 29.50 dB | **-1.70 dB** | 68 % / 95 % |');
    expect(text).toContain('| ×4 | 24.00 dB | 24.50 dB | — | 25.00 dB | +0.50 dB | 68 % / 95 % |');
    expect(text).toContain('| PSNR of the mean | 20.00 dB | 15.00 dB | ≥ classical fill, ≥ Telea + 1 dB |');
    expect(text).toContain('| PSNR of a sample − of the mean | -2.50 dB | -2.50 dB | ≥ −3.5 dB |');
    expect(text).toContain('| erased pixels within ±1σ | 70.0 % | 70.0 % | 60–76 % |');
  });
});
