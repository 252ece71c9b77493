import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { initAppBackend } from '../../compute/backend-choice.js';
import { stackedAnpConfig } from '../../../models/index.js';
import { ApiError } from '../../api/errors.js';
import { DEFAULT_BATCH_OPTIONS } from '../../data/batch.js';
import { MEAN_BASES, type MeanBaseName } from '../../model-factory.js';
import { runTraining } from '../../training/run.js';
import { trainCompletion } from './train-completion.js';
import { kindOfModel, parseTrainKind } from './train-kind.js';
import { trainSuperResGrid } from './train-superres-grid.js';
import {
  SMALL_FACTOR_SHARE,
  SUPERRES_FACTORS,
  superResBatchOptions,
  superResConfig,
} from '../../training/superres-model.js';
import { defaultRecipe } from '../../training/train.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';

/** The file names listed in `file`, one a line (blank lines and # comments ignored). */
async function excludeList(file: string): Promise<{ list: string; names: ReadonlySet<string> }> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new ApiError('NOT_FOUND', `--exclude-from: cannot read ${file} (${(err as Error).message})`);
  });
  const names = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return { list: file, names: new Set(names) };
}

const spec = {
  data: { type: 'string' },
  'exclude-from': { type: 'string' },
  from: { type: 'string' },
  out: { type: 'string', short: 'o' },
  work: { type: 'string' },
  steps: { type: 'number', integer: true, min: 1, max: 10_000_000 },
  batch: { type: 'number', integer: true, min: 1, max: 1024 },
  lr: { type: 'number', min: 1e-7, max: 1 },
  'beta-nll': { type: 'number', min: 0, max: 1 },
  warmup: { type: 'number', integer: true, min: 0 },
  workers: { type: 'number', integer: true, min: 0, max: 64 },
  hidden: { type: 'number', integer: true, min: 8, max: 1024 },
  'position-bands': { type: 'number', integer: true, min: 0, max: 16 },
  'mean-base': { type: 'string' },
  model: { type: 'string' },
  window: { type: 'number', integer: true, min: 8, max: 256 },
  'full-scale-share': { type: 'number', min: 0, max: 1 },
  'max-context': { type: 'number', integer: true, min: 3, max: 4096 },
  'max-targets': { type: 'number', integer: true, min: 1, max: 4096 },
  'max-grid': { type: 'number', integer: true, min: 4, max: 4096 },
  'min-factor': { type: 'number', min: 1, max: 16 },
  'max-factor': { type: 'number', min: 1, max: 16 },
  'small-factor-share': { type: 'number', min: 0, max: 1 },
  'checkpoint-every': { type: 'number', min: 1 },
  seed: { type: 'number', integer: true, min: 0 },
  resume: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export const train: CliCommand = {
  name: 'train',
  summary: 'train (or fine-tune with --from) a photo model on a folder of photos',
  usage: [
    'usage: anp train --data DIR [--from MODEL_DIR] [--out DIR] [--steps N] [--workers K] [--resume]',
    '',
    '  --data DIR             folder of photos (searched recursively; unreadable files are skipped)',
    '  --from MODEL_DIR       start from this model instead of from scratch',
    '  --exclude-from FILE    grid models: leave out the photos named in FILE (one file name a line)',
    '  --out DIR              model folder to write (default ./trained-model)',
    '  --work DIR             checkpoints and progress.jsonl (default <out>.training)',
    '  --steps N              optimisation steps (default 2000)',
    '  --batch N              tasks per step, split over the workers (default 16)',
    '  --lr X, --warmup N     peak learning rate (default 5e-4) and warm-up steps (default 100)',
    "  --beta-nll B           weight each point's likelihood by σ^(2B) (β-NLL, 0..1; default 0: the ELBO, 1 for superres)",
    '  --workers K            gradient worker threads (default: one per core; 0 = this thread)',
    '  --hidden N             width of the model (from scratch; default 64)',
    '  --position-bands N     from scratch: octaves of the sinusoidal encoding of x that the',
    '                         cross-attention embeds (default 0: raw x)',
    "  --model KIND           'photo' (default; every task), 'superres' (super-resolution",
    '                         only: neighbourhood features, a residual over Lanczos-3, mean trained on L1)',
    "                         'completion' (the grid ANP that completes photos; --hidden sets its channels,",
    '                         --window its 64-px training windows; checkpoints every 600 s) or',
    "                         'superres-grid' (the grid super-resolution ANP; --hidden sets its channels,",
    '                         --window the anchors on a side of its training grids (24); factors 1.5..8);',
    "                         with --from the default is the model's own kind, features and task mix",
    '  --mean-base B          from scratch: sharpened (default: the decoder corrects Lanczos/Gaussian',
    '                         interpolation of the context and learns how much of its detail to add),',
    '                         interpolation (the correction only) or none (the decoder predicts the mean);',
    "                         with --from, 'sharpened' upgrades an interpolation model (nothing else is changed)",
    '  --window N             training window side in pixels (default 32)',
    '  --full-scale-share X   share of windows cut from full-resolution patches rather than the',
    '                         downscaled photo (0..1; default 0.25)',
    '  --max-context N, --max-targets N, --max-grid N   set-size caps (defaults 100, 100, 100)',
    '  --min-factor F, --max-factor F   range of super-resolution factors, log-uniform (default 2..8;',
    '                         superres 1.5..8)',
    '  --small-factor-share X superres: share of tasks whose factor is drawn from [min, 4] instead',
    '                         (0..1; default 0.6)',
    '  --checkpoint-every S   seconds between checkpoints (default 120)',
    '  --seed N               run seed (default 1)',
    '  --resume               continue from the latest checkpoint in --work',
    '',
    'Ctrl-C (SIGINT) or SIGTERM writes a checkpoint and stops; --resume continues exactly.',
  ].join('\n'),
  async run(argv) {
    const { options: flags, positionals } = parseArgs(argv, spec);
    if (positionals.length > 0)
      throw new ApiError('INVALID_ARGUMENT', `unexpected argument '${positionals[0]}'`);
    if (!flags.data) throw new ApiError('INVALID_ARGUMENT', '--data DIR is required');
    const out = resolve(flags.out ?? 'trained-model');
    const info = await initAppBackend('auto');
    const hidden = flags.hidden ?? 64;
    const meanBase = flags['mean-base'] ?? 'sharpened';
    if (!MEAN_BASES.includes(meanBase as MeanBaseName))
      throw new ApiError(
        'INVALID_ARGUMENT',
        `--mean-base must be one of ${MEAN_BASES.join(', ')}, got '${meanBase}'`,
      );
    if (flags.from && flags['mean-base'] !== undefined && meanBase !== 'sharpened')
      throw new ApiError(
        'INVALID_ARGUMENT',
        "with --from the model keeps its own mean base; --mean-base can only be 'sharpened' there (an upgrade)",
      );
    // With --from the model says what it is: its kind, features and task mix.
    const kind = flags.model
      ? parseTrainKind(flags.model)
      : flags.from
        ? await kindOfModel(resolve(flags.from))
        : 'photo';
    const defaultFactors =
      kind === 'superres'
        ? SUPERRES_FACTORS
        : { min: DEFAULT_BATCH_OPTIONS.task.minFactor, max: DEFAULT_BATCH_OPTIONS.task.maxFactor };
    const minFactor = flags['min-factor'] ?? defaultFactors.min;
    const maxFactor = flags['max-factor'] ?? defaultFactors.max;
    if (minFactor > maxFactor)
      throw new ApiError(
        'INVALID_ARGUMENT',
        `--min-factor (${minFactor}) is above --max-factor (${maxFactor})`,
      );
    const windowOptions = {
      ...DEFAULT_BATCH_OPTIONS.window,
      size: flags.window ?? 32,
      fullScaleShare: flags['full-scale-share'] ?? DEFAULT_BATCH_OPTIONS.window.fullScaleShare,
    };
    const superRes = superResBatchOptions(
      windowOptions,
      { min: minFactor, max: maxFactor },
      flags['small-factor-share'] ?? SMALL_FACTOR_SHARE,
    );
    const recipe = defaultRecipe({
      steps: flags.steps ?? 2000,
      batchSize: flags.batch ?? 16,
      learningRate: flags.lr ?? 5e-4,
      warmupSteps: flags.warmup ?? 100,
      seed: flags.seed ?? 1,
      // Super-resolution's σ term is weighted by σ² (see models' LossOptions.meanFit): unweighted,
      // its gradient norms reached 15–220 against the clip of 1, the mean learned little and the
      // run diverged at step 1,772.
      betaNll: flags['beta-nll'] ?? (kind === 'superres' ? 1 : 0),
      ...(kind === 'superres' ? { meanFit: 'l1' as const } : {}),
      batch:
        kind === 'superres'
          ? {
              ...superRes,
              task: {
                ...superRes.task,
                ...(flags['max-targets'] ? { maxTargets: flags['max-targets'] } : {}),
                ...(flags['max-grid'] ? { maxGridContext: flags['max-grid'] } : {}),
              },
            }
          : {
              ...DEFAULT_BATCH_OPTIONS,
              window: windowOptions,
              task: {
                ...DEFAULT_BATCH_OPTIONS.task,
                maxContext: flags['max-context'] ?? 100,
                maxTargets: flags['max-targets'] ?? 100,
                maxGridContext: flags['max-grid'] ?? 100,
                minFactor,
                maxFactor,
              },
            },
    });
    const controller = new AbortController();
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal}: writing a checkpoint and stopping…\n`);
      controller.abort();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const say = (line: string) => {
      if (!flags.quiet) process.stdout.write(`${line}\n`);
    };
    say(`backend ${info.backend} (${info.device})`);
    try {
      const gridFlags = {
        data: flags.data,
        ...(flags['exclude-from'] ? { exclude: await excludeList(flags['exclude-from']) } : {}),
        out,
        work: flags.work,
        from: flags.from,
        steps: flags.steps,
        batch: flags.batch,
        lr: flags.lr,
        warmup: flags.warmup,
        window: flags.window,
        hidden: flags.hidden,
        seed: flags.seed,
        resume: flags.resume,
        workers: flags.workers ?? info.workers,
        checkpointEvery: flags['checkpoint-every'],
      };
      const gridContext = {
        backendName: info.backend,
        command: `anp ${['train', ...argv].join(' ')}`,
        signal: controller.signal,
        say,
      };
      if (kind === 'superres-grid') {
        const factors = {
          minFactor: flags['min-factor'],
          maxFactor: flags['max-factor'],
          smallFactorShare: flags['small-factor-share'],
        };
        const sr = await trainSuperResGrid({ ...gridFlags, ...factors }, gridContext);
        for (const f of sr.heldOut?.factors ?? [])
          say(`held out ×${f.factor}: ${f.meanPsnr.toFixed(2)} dB, Lanczos-3 ${f.basePsnr.toFixed(2)} dB`);
        say(`${sr.cancelled ? 'stopped' : 'done'} at step ${sr.step}; model in ${out}`);
        return sr.cancelled ? 130 : 0;
      }
      if (kind === 'completion') {
        const grid = await trainCompletion(gridFlags, gridContext);
        if (grid.heldOut)
          say(
            `held out: mean ${grid.heldOut.meanPsnr.toFixed(2)} dB in the hole, fill ${grid.heldOut.fillPsnr.toFixed(2)} dB`,
          );
        say(`${grid.cancelled ? 'stopped' : 'done'} at step ${grid.step}; model in ${out}`);
        return grid.cancelled ? 130 : 0;
      }
      const result = await runTraining({
        data: resolve(flags.data),
        out,
        workDir: resolve(flags.work ?? `${out}.training`),
        recipe,
        config: {
          ...(kind === 'superres'
            ? superResConfig(flags.hidden ?? 96)
            : { ...stackedAnpConfig(2, 3), hidden, latentDim: hidden, meanBase: meanBase as MeanBaseName }),
          ...(flags['position-bands'] ? { positionBands: flags['position-bands'] } : {}),
        },
        ...(flags.from ? { from: resolve(flags.from), sharpenFrom: flags['mean-base'] === 'sharpened' } : {}),
        ...(kind === 'superres'
          ? {
              title: 'Photo super-resolution',
              summary:
                'An Attentive Neural Process trained for super-resolution only: its mean is a learned residual over Lanczos-3, with a per-pixel σ.',
            }
          : {}),
        resume: flags.resume ?? false,
        workers: flags.workers ?? info.workers,
        backendName: info.backend,
        checkpointEverySeconds: flags['checkpoint-every'] ?? 120,
        command: `anp ${['train', ...argv].join(' ')}`,
        signal: controller.signal,
        onLog: say,
        onProgress: (p) => {
          const m = p.metrics ?? {};
          say(
            `step ${p.done}/${p.total}  loss ${m.loss?.toFixed(4)}  nll ${m.nll?.toFixed(4)}  kl ${m.kl?.toFixed(4)}  ` +
              `${m.stepsPerSecond?.toFixed(3)} steps/s  eta ${Math.round(m.etaSeconds ?? 0)} s`,
          );
        },
      });
      if (result.heldOut) {
        say(
          `held-out NLL: context ${result.heldOut.contextNll.toFixed(4)}, target ${result.heldOut.targetNll.toFixed(4)}`,
        );
      }
      say(`${result.cancelled ? 'stopped' : 'done'} at step ${result.step}; model in ${out}`);
      return result.cancelled ? 130 : 0;
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  },
};
