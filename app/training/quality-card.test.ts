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
    meanSsim: 0.6,
    samplePsnr: psnr - 2.5,
    sampleSsim: 0.5,
    sampleAveragePsnr: psnr - 0.5,
    rankHistogram: [0.3, 0.2, 0.1, 0.2, 0.2],
    classicalPsnr: psnr,
    classicalSsim: 0.55,
    teleaPsnr: psnr - 1,
    teleaSsim: 0.5,
    fsrPsnr: psnr + 0.25,
    fsrSsim: 0.62,
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
    expect(text).not.toContain('structure set');
    for (const line of [
      '| ×2 | 30.00 dB | 31.00 dB | 31.20 dB | 29.50 dB | **-1.70 dB** | 68 % / 95 % |',
      '| ×4 | 24.00 dB | 24.50 dB | — | 25.00 dB | +0.50 dB | 68 % / 95 % |',
      '| PSNR of the mean | 20.00 dB | 15.00 dB |  |',
      '| best classical (of the three) | 20.25 dB | 15.25 dB |  |',
      '| mean − best classical | -0.25 dB ✗ | -0.25 dB ✗ | ≥ 0, aim +0.5 dB (photos) |',
      '| PSNR of a sample − of the mean | -2.50 dB ✓ | -2.50 dB ✓ | ≥ −3.5 dB |',
      '| average of the 4 samples − a sample | +2.00 dB ✓ | +2.00 dB ✓ |',
      "| truth's rank among the 4 samples | 30/20/10/20/20 % ✗ | 30/20/10/20/20 % ✗ |",
      '| SSIM, FSR_FAST | 0.620 | 0.620 |  |',
      '| erased pixels within ±1σ | 70.0 % ✓ | 70.0 % ✓ | 60–76 % (photos) |',
      // No structure set scored: no column for it; the diversity target is the boxes' alone.
      '| completion | free-form strokes | 64×64 boxes | target |',
      '| two samples differ by (levels) | 8.0 | 8.0 ✓ | ≥ 6 (boxes) |',
    ])
      expect(text).toContain(line);
  });

  it('adds the structure column and the ablation rows; without FSR the best classical is n/a', () => {
    const noFsr = { ...completion(24), fsrPsnr: NaN, fsrSsim: NaN };
    const text = renderQualitySection(
      {
        images: 1,
        size: 256,
        seconds: 60,
        superResolution: {},
        inpainting: {
          strokes: completion(20),
          boxes: completion(15),
          boxSide: 64,
          structure: { ...completion(30), teleaPsnr: 26 },
          structureCases: 24,
        },
      },
      'anp bench images',
      {
        superResolution: false,
        completion: true,
        completionAblation: {
          name: 'photo',
          metrics: { strokes: noFsr, boxes: noFsr, boxSide: 64 },
        },
      },
    );
    expect(text).toContain(
      '| completion | free-form strokes | 64×64 boxes | structure set (48×48) | target |',
    );
    expect(text).toContain(
      '| mean − Telea | +1.00 dB | +1.00 dB | +4.00 dB ✓ | ≥ +3 dB, aim +5 (structure) |',
    );
    expect(text).toContain('| ablation photo: PSNR of the mean | 24.00 dB | 24.00 dB | — |  |');
    expect(text).toContain('| ablation photo: mean − best classical | n/a | n/a | — |  |');
    expect(text).toContain('24 synthetic 128×128 images');
  });
});
