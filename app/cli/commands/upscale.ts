import { basename, resolve } from 'node:path';
import { ApiError } from '../../api/errors.js';
import { MAX_SCALE, MIN_SCALE } from '../../api/limits.js';
import { checkOutputPath } from '../../imaging/output-file.js';
import { probeImage } from '../../imaging/decode.js';
import { resolveOutputSize, runUpscale, type UpscaleSize } from '../../tasks/index.js';
import { checkCost, upscaleCost } from '../../tasks/job-cost.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';
import { SUPERRES_MODEL_DIR } from '../../shipped-models.js';
import { CONFIRM_WITH_YES, modelRef, withTaskEnvironment } from './image-task.js';
import { batchInputs, isBatch, upscaleBatch } from './upscale-batch.js';

const spec = {
  scale: { type: 'number' },
  width: { type: 'number', integer: true },
  height: { type: 'number', integer: true },
  model: { type: 'string', short: 'm' },
  out: { type: 'string', short: 'o' },
  workers: { type: 'number', integer: true, min: 1, max: 64 },
  overwrite: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const;

export const upscale: CliCommand = {
  name: 'upscale',
  summary: `upscale a photo (or several, or a folder of them) by any factor (${MIN_SCALE}–${MAX_SCALE}) or to an exact size with the model`,
  usage: [
    'usage: anp upscale IMAGE (--scale F | --width W [--height H]) [--model DIR] --out FILE',
    '       anp upscale IMAGE IMAGE… | FOLDER (--scale F | --width W [--height H]) --out FOLDER',
    '',
    '  Several photos (or a folder of them) go into the --out folder, each as <name>-x<F>.<ext>',
    '  (or <name>-<W>x<H>.<ext>), one line per file and a summary; a file that fails is reported and',
    '  the rest go on; an output that exists is skipped unless --overwrite.',
    '',
    `  --scale F       enlarge by F (${MIN_SCALE}–${MAX_SCALE}, fractions allowed)`,
    '  --width W       output width in pixels; the height follows the aspect ratio unless --height is given',
    '  --height H      output height in pixels (with --width)',
    '  --model DIR     model folder (default: models/pretrained/photo-superres, the super-resolution model)',
    '  --out FILE      output file; its extension picks the format (.png .jpg .webp .tif .avif)',
    '  --workers K     inference threads (default: one per core)',
    '  --overwrite     replace FILE (or, for several photos, the outputs) if it exists',
    '  --yes, -y       run even if the estimated memory or tile count is past the limits (2 GB, 250 k tiles)',
  ].join('\n'),
  async run(argv) {
    const { options: flags, positionals } = parseArgs(argv, spec);
    if (positionals.length === 0)
      throw new ApiError('INVALID_ARGUMENT', 'give an image (or several, or a folder) to upscale');
    const batch = await isBatch(positionals);
    if (!flags.out) throw new ApiError('INVALID_ARGUMENT', `--out ${batch ? 'FOLDER' : 'FILE'} is required`);
    if ((flags.scale === undefined) === (flags.width === undefined)) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        'give either --scale F or --width W (with an optional --height H)',
      );
    }
    if (flags.height !== undefined && flags.width === undefined)
      throw new ApiError('INVALID_ARGUMENT', '--height needs --width');
    const size: UpscaleSize =
      flags.scale !== undefined
        ? { kind: 'scale', scale: flags.scale }
        : {
            kind: 'exact',
            width: flags.width!,
            ...(flags.height !== undefined ? { height: flags.height } : {}),
          };
    const model = modelRef(flags.model, SUPERRES_MODEL_DIR);
    if (batch) {
      const summary = await upscaleBatch({
        inputs: await batchInputs(positionals),
        outDir: resolve(flags.out),
        size,
        model,
        workers: flags.workers,
        overwrite: flags.overwrite ?? false,
        yes: flags.yes ?? false,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      return summary.failed > 0 ? 1 : 0;
    }
    // Checked before the pool starts: a folder, an existing file or a missing folder fails at once.
    await checkOutputPath(resolve(flags.out), flags.overwrite ?? false);
    const input = resolve(positionals[0]!);
    const result = await withTaskEnvironment('upscaling', flags.workers, async (env) => {
      const image = await probeImage(input, basename(input));
      const out = resolveOutputSize(image.width, image.height, size);
      const cost = upscaleCost(image, out, await env.pool.describe(model), env.pool.workers);
      checkCost(`this upscale to ${out.width}×${out.height}`, cost, flags.yes ?? false, CONFIRM_WITH_YES);
      return runUpscale({
        input,
        size,
        model,
        outPath: resolve(flags.out!),
        overwrite: flags.overwrite ?? false,
        ...env,
      });
    });
    process.stdout.write(`${result.path} (${result.width}×${result.height})\n`);
    return 0;
  },
};
