import type { CliCommand } from '../command.js';
import { bench } from './bench.js';
import { evalCommand } from './eval.js';
import { experiment } from './experiment.js';
import { info } from './info.js';
import { inpaint } from './inpaint.js';
import { serve } from './serve.js';
import { train } from './train.js';
import { upscale } from './upscale.js';

export const commands: CliCommand[] = [bench, info, serve, experiment, train, evalCommand, inpaint, upscale];
