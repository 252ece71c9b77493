/** MODEL_CARD.md for a grid ANP: what it is, what it saw, how long it trained, how well it completes. */
import { type GridAnpModel, receptiveField } from '../../models/index.js';
import type { GridBatchOptions } from '../data/grid-batch.js';
import type { GridQuality } from './grid-evaluate.js';
import type { FamilyCardInfo } from './family-card.js';
import { cardHeading } from './model-card.js';
import type { TrainableModel } from '../model-factory.js';
import type { AnyBatchOptions } from './train.js';

export type GridCardInfo = FamilyCardInfo<GridAnpModel, GridBatchOptions, GridQuality>;

/** The card's training section, alike for both grid families; `where` names the loss's pixels. */
export function gridTrainingLines(
  c: Pick<
    FamilyCardInfo<TrainableModel, AnyBatchOptions, unknown>,
    'recipe' | 'steps' | 'trainSeconds' | 'backend' | 'workers' | 'command'
  >,
  where: string,
): string[] {
  return [
    '## Training',
    '',
    `- Loss at ${where}: ${c.recipe.meanFit ? `${c.recipe.meanFit.toUpperCase()} on the mean, σ by the likelihood at the mean held constant` : 'the likelihood'}${c.recipe.betaNll ? ` (β-NLL, β = ${c.recipe.betaNll})` : ''}, plus the latent's KL (ELBO).`,
    `- ${c.steps} steps of batch ${c.recipe.batchSize}, Adam (peak ${c.recipe.learningRate}, ${c.recipe.warmupSteps} warm-up steps, cosine to ${c.recipe.finalLearningRateFraction} of it), clipping at ${c.recipe.clipNorm}; seed ${c.recipe.seed}.`,
    `- Wall time, all sessions of the run: ${(c.trainSeconds / 60).toFixed(1)} min on ${c.backend} with ${c.workers} gradient worker(s).`,
    `- Command: \`${c.command}\``,
    '',
  ];
}

const row = (name: string, q: GridQuality) =>
  `| ${name} | ${q.windows} | ${q.meanPsnr.toFixed(2)} dB | ${q.fillPsnr.toFixed(2)} dB | ${(q.meanPsnr - q.fillPsnr).toFixed(2)} dB | ${q.nll.toFixed(3)} | ${(100 * q.withinOneSigma).toFixed(1)} % |`;

export function renderGridModelCard(c: GridCardInfo): string {
  const k = c.config;
  const w = c.recipe.batch.window;
  const quality = Object.entries(c.quality).filter((e): e is [string, GridQuality] => e[1] !== undefined);
  return [
    ...cardHeading(c),
    `- Grid ANP: a ConvCNP encoder (the known signal × its mask, the mask as a density channel, and the pull-push fill) of ${k.dilations.length} residual blocks of 3×3 convolutions, ${k.channels} channels, dilations ${k.dilations.join(', ')} (receptive field ${receptiveField(k)} px); multihead cross-attention (${k.heads} heads, width ${k.attentionChannels}) from every pixel to ${k.attentionPool}×${k.attentionPool} blocks of known pixels; a global latent of ${k.latentDim}; a per-pixel decoder (${k.decoderLayers} × ${k.decoderHidden}) giving the mean as a correction of the fill, and σ ≥ ${k.minStd}.`,
    `- Parameters: ${c.parameters.toLocaleString('en-US')}.`,
    "- Samples: autoregressive (the hole drawn in rounds from the model's own predictive, each round given the earlier draws).",
    '',
    '## Data',
    '',
    `- Folder: \`${c.data.folder}\` — ${c.data.trainFiles} training photos, ${c.data.heldOutFiles} held out (chosen by a hash of the file name).`,
    `- Examples: ${w.size}×${w.size} windows at random positions and scales (up to ${w.maxZoom}× zoom-out of a ≤512 px copy, so every pyramid level is seen; ${Math.round(w.fullScaleShare * 100)} % from full-resolution patches), flipped at random; holes are boxes and strokes (${Math.round((1 - c.recipe.batch.blobShare) * 100)} %) or lasso-like blobs; in ${Math.round(c.recipe.batch.revealShare * 100)} % of them up to ${Math.round(c.recipe.batch.maxRevealed * 100)} % of the hole is revealed at random, as autoregressive sampling reveals it.`,
    '',
    ...gridTrainingLines(c, "the hole's pixels"),
    '## Quality',
    '',
    'Fixed-seed windows (the same at every checkpoint), every hole pixel a target:',
    '',
    '| photos | windows | mean PSNR in the hole | pull-push fill | gain | NLL per pixel | ±1σ |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...quality.map(([name, q]) => row(name === 'heldOut' ? 'held out' : 'training', q)),
    '',
  ].join('\n');
}
