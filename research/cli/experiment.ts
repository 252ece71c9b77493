import { resolve } from 'node:path';
import { ApiError } from '../../app/api/errors.js';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { experiments } from '../experiments/index.js';
import { parseArgs } from '../../app/util/args.js';
import type { CliCommand } from '../../app/cli/commands/command.js';

const spec = {
  steps: { type: 'number', integer: true, min: 1 },
  functions: { type: 'number', integer: true, min: 1 },
  lr: { type: 'number', min: 1e-7, max: 1 },
  budget: { type: 'number', min: 1 },
  backend: { type: 'string' },
  models: { type: 'string' },
  'max-std': { type: 'number', min: 0.11, max: 10 },
  objective: { type: 'string' },
  from: { type: 'string' },
  'plot-only': { type: 'boolean' },
} as const;

export const experiment: CliCommand = {
  name: 'experiment',
  summary: "reproduce one of the paper's experiments into research/results/<name>.json and figures",
  get usage() {
    const lines = experiments.map((e) => `  ${e.name.padEnd(10)} ${e.summary}`);
    return [
      'usage: anp experiment <name> [--steps N] [--budget S] [--functions N] [--lr X] [--models A,B] [--max-std S] [--objective elbo|npml] [--from DIR] [--backend wasm|cpu]',
      '',
      '  --steps      training steps per model (gp1d; default sized for a 2-core machine)',
      '  --budget     training wall time per model in seconds (mnist, photo-crops: equal for every model;',
      '               superres-finetune: the steps are sized to it, default 600)',
      '  --functions  evaluation functions / test digits / test crops per held-out photo / Bayesian-optimisation runs',
      '  --lr         Adam learning rate (gp1d: the peak of a cosine decay)',
      '  --models     gp1d: train only these, comma-separated (np, anp-laplace, anp-dot, anp-multihead)',
      "  --max-std    gp1d: train variants with the decoder's σ_y capped at this, for bayesopt",
      '  --objective  gp1d: npml fine-tunes the trained ELBO models with NPML into <model>-npml, for bayesopt',
      '  --from DIR   superres-finetune: the grid super-resolution model to fine-tune (default research/runs/superres-grid)',
      '  --plot-only  redraw the figures from research/results/<name>.json (bayesopt)',
      '',
      'experiments:',
      ...lines,
    ].join('\n');
  },
  async run(argv) {
    const { options, positionals } = parseArgs(argv, spec);
    const [name] = positionals;
    const target = experiments.find((e) => e.name === name);
    if (!target) {
      const known = experiments.map((e) => e.name).join(', ');
      throw new ApiError('INVALID_ARGUMENT', `unknown experiment '${name ?? ''}' (known: ${known})`);
    }
    if (options['plot-only']) {
      if (!target.replot)
        throw new ApiError('INVALID_ARGUMENT', `experiment '${target.name}' cannot redraw without rerunning`);
      await target.replot();
      return 0;
    }
    const backend = options.backend ?? 'wasm';
    if (backend !== 'wasm' && backend !== 'cpu') {
      throw new ApiError('INVALID_ARGUMENT', `--backend must be wasm or cpu (got '${backend}')`);
    }
    const objective = options.objective ?? 'elbo';
    if (objective !== 'elbo' && objective !== 'npml') {
      throw new ApiError('INVALID_ARGUMENT', `--objective must be elbo or npml (got '${objective}')`);
    }
    await initAppBackend(backend);
    await target.run({
      steps: options.steps,
      functions: options.functions,
      learningRate: options.lr,
      budgetSeconds: options.budget,
      ...(options.models ? { models: options.models.split(',').map((m) => m.trim()) } : {}),
      ...(options['max-std'] === undefined ? {} : { maxStd: options['max-std'] }),
      objective,
      ...(options.from ? { from: resolve(options.from) } : {}),
    });
    return 0;
  },
};
