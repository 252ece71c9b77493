import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ApiError } from '../../api/errors.js';
import { probeImage } from '../../imaging/decode.js';
import { checkOutputPath } from '../../imaging/output-file.js';
import { MAX_SAMPLES, runInpaint } from '../../tasks/index.js';
import { checkCost, inpaintCost } from '../../tasks/job-cost.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';
import { COMPLETION_MODEL_DIR } from '../../shipped-models.js';
import { CONFIRM_WITH_YES, modelRef, withTaskEnvironment } from './image-task.js';
import { withOutDir } from './out-dir.js';

const spec = {
  mask: { type: 'string' },
  samples: { type: 'number', integer: true, min: 1, max: MAX_SAMPLES },
  seed: { type: 'number', integer: true, min: 0, max: 2 ** 31 - 1 },
  model: { type: 'string', short: 'm' },
  out: { type: 'string', short: 'o' },
  workers: { type: 'number', integer: true, min: 1, max: 64 },
  'sigma-out': { type: 'string' },
  overwrite: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const;

export const inpaint: CliCommand = {
  name: 'inpaint',
  summary: 'complete the masked part of a photo: k samples, the mean and an uncertainty map',
  usage: [
    'usage: anp inpaint IMAGE --mask MASK.png [--samples K] [--seed S] [--model DIR] --out DIR',
    '',
    '  --mask MASK.png  the region to fill: non-zero pixels, same size as the (upright) image',
    `  --samples K      completions to draw (1–${MAX_SAMPLES}, default 3)`,
    '  --seed S         seed of the draws (default 0): the same seed gives the same samples',
    '  --model DIR      model folder (default: the shipped completion model, photo-completion)',
    '  --out DIR        writes sample-1.png … sample-K.png, mean.png and uncertainty.png (created if needed)',
    '  --sigma-out FILE also write the raw σ: a 16-bit grey PNG, σ = value / 65535 (0–1 colour units)',
    '  --workers K      inference threads (default: one per core)',
    '  --overwrite      replace those files if they exist',
    '  --yes, -y        run even if the estimated memory is past the limit (2 GB)',
  ].join('\n'),
  async run(argv) {
    const { options: flags, positionals } = parseArgs(argv, spec);
    if (positionals.length !== 1)
      throw new ApiError('INVALID_ARGUMENT', 'give exactly one image to complete');
    if (!flags.mask) throw new ApiError('INVALID_ARGUMENT', '--mask MASK.png is required');
    if (!flags.out) throw new ApiError('INVALID_ARGUMENT', '--out DIR is required');
    let mask: Buffer;
    try {
      mask = await readFile(resolve(flags.mask));
    } catch {
      throw new ApiError('NOT_FOUND', `mask not found: ${flags.mask}`);
    }
    const input = resolve(positionals[0]!);
    const samples = flags.samples ?? 3;
    const image = await probeImage(input, basename(input));
    const model = modelRef(flags.model, COMPLETION_MODEL_DIR);
    const outDir = resolve(flags.out);
    const overwrite = flags.overwrite ?? false;
    // The names runInpaint writes; checked up front so a long job cannot fail only at its end.
    const names = [
      ...Array.from({ length: samples }, (_, i) => `sample-${i + 1}.png`),
      'mean.png',
      'uncertainty.png',
    ];
    const sigmaOut = flags['sigma-out'] ? resolve(flags['sigma-out']) : undefined;
    if (sigmaOut) await checkOutputPath(sigmaOut, overwrite);
    const result = await withOutDir(outDir, names, overwrite, () =>
      withTaskEnvironment('completing', flags.workers, async (env) => {
        const cost = inpaintCost(image, samples, await env.pool.describe(model), env.pool.workers);
        checkCost('this completion', cost, flags.yes ?? false, CONFIRM_WITH_YES);
        return runInpaint({
          input,
          mask: { kind: 'png', dataBase64: mask.toString('base64') },
          samples,
          seed: flags.seed ?? 0,
          model,
          outDir,
          overwrite,
          ...(sigmaOut ? { sigmaOut } : {}),
          ...env,
        });
      }),
    );
    const files = [
      ...result.samples,
      result.mean,
      result.uncertainty,
      ...(result.sigma ? [result.sigma] : []),
    ];
    process.stdout.write(
      `${files.join('\n')}\nuncertainty scale: top colour = std ${result.uncertaintyMax.toFixed(4)}\n`,
    );
    return 0;
  },
};
