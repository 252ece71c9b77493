import type { CliCommand } from './command.js';
import { evalCommand } from './eval.js';
import { info } from './info.js';
import { inpaint } from './inpaint.js';
import { serve } from './serve.js';
import { train } from './train.js';
import { upscale } from './upscale.js';

/**
 * The app's commands. research/cli/index.ts adds the research commands (bench, experiment) to these
 * for `anp` (bin/anp.mjs); app/ never imports research/.
 */
export const commands: CliCommand[] = [info, serve, train, evalCommand, inpaint, upscale];
