/** MODEL_CARD.md for a trained or fine-tuned model: what it is, what it saw, how well it does. */
import type { NPConfig } from '../../models/core/types.js';
import { meanBaseOf, type MeanBaseName } from '../model-factory.js';
import type { HeldOutNll } from './evaluate.js';
import type { TrainRecipe } from './train.js';

export interface ModelCardInfo {
  title: string;
  summary: string;
  config: NPConfig;
  parameters: number;
  data: { folder: string; trainFiles: number; heldOutFiles: number; skippedFiles: number };
  recipe: TrainRecipe;
  steps: number;
  trainSeconds: number;
  backend: string;
  workers: number;
  heldOut?: HeldOutNll;
  /** Extra result sections (e.g. image-quality tables), already in Markdown. */
  sections?: { heading: string; body: string }[];
  /** The command that reproduces this model. */
  command: string;
  status: string;
}

export const HELD_OUT_HEADING = '## Held-out results';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));

export function nllTable(h: HeldOutNll): string {
  const rows = Object.entries(h.byKind).map(
    ([kind, v]) => `| ${kind} | ${fmt(v.contextNll)} | ${fmt(v.targetNll)} |`,
  );
  return [
    `Mean negative log-likelihood per point (RGB in [0,1]; lower is better), ${h.tasksPerKind} fixed-seed tasks per kind from the held-out photos:`,
    '',
    '| task | context NLL | target NLL |',
    '| --- | ---: | ---: |',
    ...rows,
    `| **mean** | **${fmt(h.contextNll)}** | **${fmt(h.targetNll)}** |`,
  ].join('\n');
}

const INTERPOLATION =
  'a classical interpolation of the context (Lanczos-3 resampling where the context is grid-like, a distance-weighted fill elsewhere)';
const MEAN_DESCRIPTIONS: Record<MeanBaseName, string> = {
  none: 'predicted by the decoder alone',
  interpolation: `${INTERPOLATION} plus the decoder's learned correction in units of its σ`,
  sharpened: `${INTERPOLATION}, plus a learned per-pixel gain times the interpolated high-pass detail of the context (which undoes part of a downscale's blur), plus the decoder's learned correction in units of its σ`,
  residual:
    "the caller's classical estimate at each target (for super-resolution, Lanczos-3 resampling of the low-resolution image) plus the decoder's learned residual",
};

type TaskOptions = TrainRecipe['batch']['task'];

function superResDescription(task: TaskOptions): string {
  const area = Math.round((task.areaShare ?? 0.5) * 100);
  const filters = `downscaled by ${task.minFactor}–${task.maxFactor}× (${area} % by area averaging, ${100 - area} % by an antialiased cubic)`;
  const features = task.superResFeatures
    ? `; each context pixel carries its 5×5 neighbourhood and each target the ${task.superResFeatures.patch}×${task.superResFeatures.patch} low-resolution pixels around it, its sub-pixel phase and the factor`
    : '';
  const surround = task.superResSurround
    ? `; the window is cut with ${task.superResSurround} px of surroundings each side that only the low-resolution copy shows, so features and base near its edge read real pixels`
    : '';
  return `super-resolution (context: the window ${filters}, at low-res pixel centres, at most ${task.maxGridContext} points; targets: full-res pixels${features}${surround})`;
}

function tasksLine(kinds: readonly string[], task: TaskOptions): string {
  const described: Record<string, string> = {
    pixels: `random pixel subsets (${task.minContext}–${task.maxContext} context points, up to ${task.maxTargets} targets)`,
    superres: superResDescription(task),
    inpaint: 'inpainting (box or free-form stroke holes; context: known pixels, targets: the hole)',
  };
  const parts = kinds.map((k) => described[k] ?? k);
  return kinds.length === 1 ? `- Tasks: ${parts[0]}.` : `- Tasks, mixed in every batch: ${parts.join('; ')}.`;
}

function lossLine(recipe: TrainRecipe): string {
  const elbo = 'KL(q(z|C∪T) ‖ q(z|C)) per target point';
  const beta = recipe.betaNll
    ? ` weighted by σ^${2 * recipe.betaNll} (β-NLL, β = ${recipe.betaNll}, the weight held constant)`
    : '';
  if (recipe.meanFit && recipe.meanFit !== 'likelihood')
    return `- Loss: ${recipe.meanFit.toUpperCase()} on the mean; σ by the Gaussian likelihood at the mean held constant${beta}; ${elbo}.`;
  return `- Loss: the ELBO — −E_q(z|C∪T) log p(y_T | x_T, C, z)${beta} + ${elbo}.`;
}

/** A card's first lines: its title, summary and status, and the heading of its model section. */
export function cardHeading(c: { title: string; summary: string; status: string }): string[] {
  return [`# ${c.title}`, '', c.summary, '', `**Status:** ${c.status}`, '', '## Model', ''];
}

export function renderModelCard(c: ModelCardInfo): string {
  const task = c.recipe.batch.task;
  const win = c.recipe.batch.window;
  const lines = [
    ...cardHeading(c),
    `- Architecture: ${c.config.kind.toUpperCase()}, ${c.config.attention} cross-attention (${c.config.heads} heads), ${c.config.selfAttentionLayers} self-attention layers per path, hidden ${c.config.hidden}, latent ${c.config.latentDim}, encoder layers ${c.config.encoderLayers}, decoder layers ${c.config.decoderLayers}, σ_y floor ${c.config.minStd}.`,
    `- Mean: ${MEAN_DESCRIPTIONS[meanBaseOf(c.config)]}.`,
    `- Inputs: x ∈ [−1,1]² (pixel centres of a ${win.size}×${win.size} window, [column, row]); outputs: Gaussian mean and std of RGB in [0,1].`,
    `- Parameters: ${c.parameters.toLocaleString('en-US')}.`,
    '',
    '## Data',
    '',
    `- Folder: \`${c.data.folder}\` — ${c.data.trainFiles} training photos, ${c.data.heldOutFiles} held out (chosen by a hash of the file name), ${c.data.skippedFiles} files skipped as unreadable or not images.`,
    `- Examples: ${win.size}×${win.size} windows at random positions and scales (up to ${win.maxZoom}× zoom-out of a ≤512 px copy; ${Math.round(win.fullScaleShare * 100)} % cut from full-resolution patches), flipped left–right at random.`,
    tasksLine(c.recipe.batch.kinds, task),
    '',
    '## Training',
    '',
    `- Steps: ${c.steps} of ${c.recipe.steps}, batch ${c.recipe.batchSize}, Adam (β 0.9/0.999) peak learning rate ${c.recipe.learningRate}, ${c.recipe.warmupSteps} warm-up steps then cosine decay to ${c.recipe.finalLearningRateFraction}× peak, gradient clipping at global norm ${c.recipe.clipNorm}, seed ${c.recipe.seed}.`,
    lossLine(c.recipe),
    `- Wall time: ${(c.trainSeconds / 60).toFixed(1)} min on ${c.backend} with ${c.workers} gradient worker${c.workers === 1 ? '' : 's'}.`,
    '',
    HELD_OUT_HEADING,
    '',
    c.heldOut ? nllTable(c.heldOut) : 'Not measured for this snapshot.',
    '',
    ...(c.sections ?? []).flatMap((s) => [`## ${s.heading}`, '', s.body, '']),
    '## Reproduce',
    '',
    '```sh',
    c.command,
    '```',
    '',
  ];
  return lines.join('\n');
}
