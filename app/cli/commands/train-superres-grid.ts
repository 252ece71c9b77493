/** `anp train --model superres-grid`: the grid super-resolution ANP, trained on low-resolution grids of photos. */
import { gridSuperResConfig } from '../../../models/index.js';
import { DEFAULT_SUPERRES_GRID_BATCH } from '../../data/superres-grid-batch.js';
import type { SuperResGridRecipe } from '../../training/train.js';
import { runSuperResGridTraining } from '../../training/superres-grid-family.js';
import { gridRunPlace, gridSchedule, type CompletionFlags, type GridRunContext } from './train-completion.js';

/** The same flags as completion's; --window sets the anchors on a side of each grid. */
export type SuperResGridFlags = CompletionFlags & {
  minFactor?: number | undefined;
  maxFactor?: number | undefined;
  smallFactorShare?: number | undefined;
};

/**
 * The recipe: a least-squares mean and σ by β-NLL. An L1 mean never left the Lanczos base in this
 * model: 960 steps on the corpus within 0.005 dB of it at every factor, and overfitting one fixed
 * batch moved it +0.1 dB in 200 steps where L2 gained +4.3 dB.
 */
export function superResGridRecipe(flags: SuperResGridFlags): SuperResGridRecipe {
  const d = DEFAULT_SUPERRES_GRID_BATCH;
  return {
    ...gridSchedule(flags, 12_000),
    meanFit: 'l2',
    batch: {
      ...d,
      lowSize: flags.window ?? d.lowSize,
      minFactor: flags.minFactor ?? d.minFactor,
      maxFactor: flags.maxFactor ?? d.maxFactor,
      smallFactorShare: flags.smallFactorShare ?? d.smallFactorShare,
    },
  };
}

export function trainSuperResGrid(flags: SuperResGridFlags, context: GridRunContext) {
  return runSuperResGridTraining({
    ...gridRunPlace(flags, context),
    recipe: superResGridRecipe(flags),
    config: { ...gridSuperResConfig(3), ...(flags.hidden ? { channels: flags.hidden } : {}) },
    title: 'Photo super-resolution (grid ANP)',
    summary:
      'A convolutional Attentive Neural Process for super-resolution at any factor: a convolutional encoder over the low-resolution photo, each output pixel attending to the window of pixels around it, and a small decoder of a residual over Lanczos-3 with a per-pixel σ.',
  });
}
