/** MODEL_CARD.md for a grid super-resolution ANP: what it is, what it saw, how long it trained, how well it upscales. */
import { superResHalo, SUPERRES_WINDOW, type GridSuperResModel } from '../../models/index.js';
import type { SuperResGridBatchOptions } from '../data/superres-grid-batch.js';
import type { FamilyCardInfo } from './family-card.js';
import { gridTrainingLines } from './grid-model-card.js';
import { cardHeading } from './model-card.js';
import type { SuperResGridQuality } from './superres-grid-evaluate.js';

export type SuperResGridCardInfo = FamilyCardInfo<
  GridSuperResModel,
  SuperResGridBatchOptions,
  SuperResGridQuality
>;

const rows = (name: string, q: SuperResGridQuality) =>
  q.factors.map(
    (f) =>
      `| ${name} | ×${f.factor} | ${q.grids} | ${f.meanPsnr.toFixed(2)} dB | ${f.basePsnr.toFixed(2)} dB | ${(f.meanPsnr - f.basePsnr).toFixed(2)} dB |`,
  );

export function renderSuperResGridCard(c: SuperResGridCardInfo): string {
  const k = c.config;
  const b = c.recipe.batch;
  const quality = Object.entries(c.quality).filter(
    (e): e is [string, SuperResGridQuality] => e[1] !== undefined,
  );
  const name = (key: string) => (key === 'heldOut' ? 'held out' : 'training');
  return [
    ...cardHeading(c),
    `- Grid super-resolution ANP: a convolutional encoder over the low-resolution image (its colours and a density channel) of ${k.dilations.length} residual blocks of two 3×3 convolutions, ${k.channels} channels, dilations ${k.dilations.join(', ')}; each output pixel queries the ${SUPERRES_WINDOW}×${SUPERRES_WINDOW} window of the low-resolution pixel it lies in through multihead cross-attention (${k.heads} heads, width ${k.attentionChannels}; keys and values once per low-resolution pixel, the query adds the target's offset and the factor, each head a learned distance penalty); a global latent of ${k.latentDim}; a per-target decoder (${k.decoderLayers} × ${k.decoderHidden}) giving a residual over Lanczos-3 and σ ≥ ${k.minStd}. Tiles overlap by ${superResHalo(k)} low-resolution pixels, which makes them exact.`,
    `- Parameters: ${c.parameters.toLocaleString('en-US')}.`,
    '',
    '## Data',
    '',
    `- Folder: \`${c.data.folder}\` — ${c.data.trainFiles} training photos, ${c.data.heldOutFiles} held out (chosen by a hash of the file name)${c.data.excluded ? `; ${c.data.excluded.files} files left out entirely, as listed in \`${c.data.excluded.list}\`` : ''}.`,
    `- Examples: a sharp window of a photo (its ≤512 px copy, up to ${b.maxZoom}× zoomed out, or in ${Math.round(b.fullScaleShare * 100)} % of draws a full-resolution patch where one is large enough; never upsampled), flipped at random, at a factor drawn log-uniformly from ${b.minFactor}–${b.maxFactor} (${Math.round(b.smallFactorShare * 100)} % from ${b.minFactor}–4), downscaled by area averaging (${Math.round(b.areaShare * 100)} %) or the antialiased cubic to ${b.lowSize + 2 * b.margin}² pixels; the loss is taken at ${b.slots} random output pixels of each of the middle ${b.lowSize}² anchors, so every window and Lanczos tap reads real pixels.`,
    '',
    ...gridTrainingLines(c, 'the targets'),
    '## Quality',
    '',
    'Fixed-seed grids (the same at every checkpoint) at each factor, every target slot scored:',
    '',
    '| photos | factor | grids | mean PSNR | Lanczos-3 | gain |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...quality.flatMap(([key, q]) => rows(name(key), q)),
    '',
    ...quality.map(
      ([key, q]) =>
        `- ${name(key)}: NLL ${q.nll.toFixed(3)} per target, ${(100 * q.withinOneSigma).toFixed(1)} % of errors within ±1σ.`,
    ),
    '',
  ].join('\n');
}
