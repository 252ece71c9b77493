import type { CliCommand } from '../command.js';
import { bench } from './bench.js';
import { experiment } from './experiment.js';
import { info } from './info.js';
import { serve } from './serve.js';
import { train } from './train.js';

export const commands: CliCommand[] = [bench, info, serve, experiment, train];
