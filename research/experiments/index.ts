/** The paper's experiments, run by `anp experiment <name>`. */
import { replotBayesOpt, runBayesOpt } from './bayesopt.js';
import { BAYESOPT_DEFAULTS } from './bayesopt-core.js';
import { GP1D_DEFAULTS, runGp1d } from './gp1d.js';
import { GP1D_NPML_DEFAULTS, runGp1dNpml } from './gp1d-npml.js';
import { MNIST_DEFAULTS, runMnist } from './mnist.js';
import { DEFAULT_PHOTOS } from '../shared/photo-corpus.js';
import { PHOTO_CROPS_DEFAULTS, runPhotoCrops } from './photo-crops.js';
import { runSuperResFinetune, SUPERRES_FINETUNE_DEFAULTS } from './superres-finetune.js';

export interface ExperimentOptions {
  steps?: number;
  functions?: number;
  learningRate?: number;
  /** Training wall time of each model, seconds (the image experiments). */
  budgetSeconds?: number;
  /** Only these of the experiment's models (gp1d). */
  models?: string[];
  /** gp1d: train variants with the decoder's σ_y capped at this. */
  maxStd?: number;
  /** gp1d: 'npml' fine-tunes the trained ELBO models with NPML instead of training them. */
  objective?: 'elbo' | 'npml';
  /** superres-finetune: the model folder to fine-tune. */
  from?: string;
}

export interface Experiment {
  name: string;
  summary: string;
  run(options: ExperimentOptions): Promise<void>;
  /** Redraws the figures from research/results/<name>.json, where the experiment supports it. */
  replot?: () => Promise<void>;
}

export const experiments: Experiment[] = [
  {
    name: 'gp1d',
    summary: `NP vs ANPs (laplace, dot, multihead) vs exact GP on 1D GP data (default ${GP1D_DEFAULTS.steps} steps)`,
    run: (o) =>
      o.objective === 'npml'
        ? runGp1dNpml({
            ...GP1D_NPML_DEFAULTS,
            steps: o.steps ?? GP1D_NPML_DEFAULTS.steps,
            functions: o.functions ?? GP1D_NPML_DEFAULTS.functions,
            learningRate: o.learningRate ?? GP1D_NPML_DEFAULTS.learningRate,
            ...(o.models ? { models: o.models } : {}),
          })
        : runGp1d({
            ...GP1D_DEFAULTS,
            steps: o.steps ?? GP1D_DEFAULTS.steps,
            functions: o.functions ?? GP1D_DEFAULTS.functions,
            learningRate: o.learningRate ?? GP1D_DEFAULTS.learningRate,
            ...(o.models ? { models: o.models } : {}),
            ...(o.maxStd === undefined ? {} : { maxStd: o.maxStd }),
          }),
  },
  {
    name: 'bayesopt',
    summary: `Thompson-sampling Bayesian optimisation with the gp1d models vs random search and exact-GP Thompson sampling`,
    run: (o) =>
      runBayesOpt({
        ...BAYESOPT_DEFAULTS,
        functions: o.functions ?? BAYESOPT_DEFAULTS.functions,
        iterations: o.steps ?? BAYESOPT_DEFAULTS.iterations,
      }),
    replot: replotBayesOpt,
  },
  {
    name: 'mnist',
    summary: `CNP vs NP vs stacked multihead ANP at equal wall time (default ${MNIST_DEFAULTS.budgetSeconds} s each) on MNIST completion, read by a digit classifier; resolution change; attention heads; ships models/pretrained/mnist-{np,anp}`,
    run: (o) =>
      runMnist({
        budgetSeconds: o.budgetSeconds ?? MNIST_DEFAULTS.budgetSeconds,
        testImages: o.functions ?? MNIST_DEFAULTS.testImages,
        learningRate: o.learningRate ?? MNIST_DEFAULTS.learningRate,
      }),
  },
  {
    name: 'photo-crops',
    summary: `the same on 32×32 crops of the photo corpus (CelebA stand-in; default ${PHOTO_CROPS_DEFAULTS.budgetSeconds} s each): PSNR and NLL of the completions`,
    run: (o) =>
      runPhotoCrops({
        budgetSeconds: o.budgetSeconds ?? PHOTO_CROPS_DEFAULTS.budgetSeconds,
        cropsPerTestPhoto: o.functions ?? PHOTO_CROPS_DEFAULTS.cropsPerTestPhoto,
        learningRate: o.learningRate ?? PHOTO_CROPS_DEFAULTS.learningRate,
        photos: DEFAULT_PHOTOS,
      }),
  },
  {
    name: 'superres-finetune',
    summary: `fine-tune the grid super-resolution model (default ${SUPERRES_FINETUNE_DEFAULTS.budgetSeconds} s on ${SUPERRES_FINETUNE_DEFAULTS.workers} workers) on 7 of the 13 faces it was trained without; ×4 gain on the other 6`,
    run: (o) =>
      runSuperResFinetune({
        ...SUPERRES_FINETUNE_DEFAULTS,
        ...(o.from ? { base: o.from } : {}),
        ...(o.steps ? { steps: o.steps } : {}),
        ...(o.learningRate ? { learningRate: o.learningRate } : {}),
        budgetSeconds: o.budgetSeconds ?? SUPERRES_FINETUNE_DEFAULTS.budgetSeconds,
      }),
  },
];
