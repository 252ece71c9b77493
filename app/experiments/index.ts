/** The paper's experiments, run by `anp experiment <name>`. */
import { BAYESOPT_DEFAULTS, replotBayesOpt, runBayesOpt } from './bayesopt.js';
import { GP1D_DEFAULTS, runGp1d } from './gp1d.js';
import { MNIST_DEFAULTS, runMnist } from './mnist.js';

export interface ExperimentOptions {
  steps?: number;
  functions?: number;
  learningRate?: number;
  /** Only these of the experiment's models (gp1d). */
  models?: string[];
  /** gp1d: train variants with the decoder's σ_y capped at this. */
  maxStd?: number;
}

export interface Experiment {
  name: string;
  summary: string;
  run(options: ExperimentOptions): Promise<void>;
  /** Redraws the figures from results/<name>.json, where the experiment supports it. */
  replot?: () => Promise<void>;
}

export const experiments: Experiment[] = [
  {
    name: 'gp1d',
    summary: `NP vs ANPs (laplace, dot, multihead) vs exact GP on 1D GP data (default ${GP1D_DEFAULTS.steps} steps)`,
    run: (o) =>
      runGp1d({
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
    summary: `CNP vs NP vs stacked multihead ANP on MNIST completion and resolution change; ships models/pretrained/mnist-{np,anp}`,
    run: (o) =>
      runMnist({
        ...MNIST_DEFAULTS,
        steps: o.steps ?? MNIST_DEFAULTS.steps,
        testImages: o.functions ?? MNIST_DEFAULTS.testImages,
        learningRate: o.learningRate ?? MNIST_DEFAULTS.learningRate,
      }),
  },
];
