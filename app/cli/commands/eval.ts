import { relative, resolve } from 'node:path';
import { initAppBackend } from '../../compute/backend-choice.js';
import { ApiError } from '../../api/errors.js';
import { createInferencePool } from '../../compute/index.js';
import { loadPhotoFolder } from '../../data/photo-folder.js';
import { loadModelDir, saveModelDir } from '../../model-files.js';
import { evaluateImageQuality, heldOutPhotos, type ImageQualityMetrics } from '../../quality/index.js';
import { batchOptionsOf, evaluateHeldOut } from '../../training/evaluate.js';
import { HELD_OUT_HEADING, nllTable } from '../../training/model-card.js';
import { QUALITY_HEADING, renderQualitySection, withSection } from '../../training/quality-card.js';
import { loadModelFrom } from '../../training/run.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';

const spec = {
  model: { type: 'string', short: 'm' },
  data: { type: 'string' },
  quality: { type: 'boolean' },
  size: { type: 'number', integer: true, min: 32, max: 4096 },
  images: { type: 'number', integer: true, min: 1 },
  workers: { type: 'number', integer: true, min: 1, max: 64 },
  'write-card': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'held-out NLL and image quality (PSNR vs bicubic/lanczos3, vs Telea) of a model',
  usage: [
    'usage: anp eval --model DIR --data DIR [--no-quality] [--size N] [--images N] [--write-card] [--json]',
    '',
    '  --model DIR     model folder (manifest.json + weights.bin)',
    '  --data DIR      photo folder; only its held-out files (hash of the file name) are used',
    '  --no-quality    only the NLL; skip the super-resolution and completion PSNR',
    '  --size N        side of the square crop for the PSNR tests (default 256)',
    '  --images N      at most N held-out photos for the PSNR tests (default: all)',
    '  --workers K     inference threads (default: one per core)',
    "  --write-card    add the results to the model's MODEL_CARD.md and manifest metrics",
    '  --json          print the results as JSON',
  ].join('\n'),
  async run(argv) {
    const { options: flags, positionals } = parseArgs(argv, spec);
    if (positionals.length > 0)
      throw new ApiError('INVALID_ARGUMENT', `unexpected argument '${positionals[0]}'`);
    if (!flags.model) throw new ApiError('INVALID_ARGUMENT', '--model DIR is required');
    if (!flags.data) throw new ApiError('INVALID_ARGUMENT', '--data DIR is required');
    const modelDir = resolve(flags.model);
    const data = resolve(flags.data);
    const info = await initAppBackend('auto');
    const photos = await loadPhotoFolder(data);
    if (photos.heldOut.length === 0)
      throw new ApiError('INVALID_ARGUMENT', `${data} has no held-out photos (it needs at least two)`);
    const files = await loadModelDir(modelDir);
    const model = await loadModelFrom(modelDir);
    const nll = await evaluateHeldOut(model, photos.heldOut, {
      batch: batchOptionsOf(files.manifest),
    }).finally(() => model.dispose());
    let quality: ImageQualityMetrics | null = null;
    if (flags.quality !== false) {
      const photoFiles = (await heldOutPhotos(data)).slice(0, flags.images ?? Infinity);
      const pool = createInferencePool({ workers: flags.workers ?? info.workers });
      try {
        const size = flags.size ?? 256;
        quality = await evaluateImageQuality({
          model: { id: 'eval', dir: modelDir },
          files: photoFiles,
          pool,
          size,
          box: Math.min(64, Math.floor(size / 4)),
        });
      } finally {
        await pool.dispose();
      }
    }
    if (flags['write-card']) {
      const manifest = {
        ...files.manifest,
        metrics: {
          ...(files.manifest['metrics'] as object),
          heldOutNll: nll,
          ...(quality ? { quality } : {}),
        },
      };
      const command = `anp eval ${argv.map((a) => (a.startsWith('/') ? relative(process.cwd(), a) || '.' : a)).join(' ')}`;
      let card =
        files.card &&
        withSection(files.card, HELD_OUT_HEADING, `${nllTable(nll)}\n\nMeasured with \`${command}\`.`);
      if (card && quality) card = withSection(card, QUALITY_HEADING, renderQualitySection(quality, command));
      await saveModelDir(modelDir, {
        manifest,
        weights: files.weights,
        ...(card !== undefined ? { card } : {}),
      });
    }
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ backend: info.backend, heldOutNll: nll, quality }, null, 2)}\n`,
      );
      return 0;
    }
    const lines = [
      `backend ${info.backend}; ${photos.heldOut.length} held-out photos`,
      'NLL per point (context / target):',
    ];
    for (const [kind, v] of Object.entries(nll.byKind))
      lines.push(`  ${kind.padEnd(9)} ${v.contextNll.toFixed(4)} / ${v.targetNll.toFixed(4)}`);
    lines.push(`  ${'mean'.padEnd(9)} ${nll.contextNll.toFixed(4)} / ${nll.targetNll.toFixed(4)}`);
    if (quality) lines.push('', renderQualitySection(quality, `anp eval ${argv.join(' ')}`));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
