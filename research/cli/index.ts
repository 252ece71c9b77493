/**
 * `anp`'s command table: the app's commands, then research's (bench, experiment). bin/anp.mjs runs the
 * app's CLI with it; the app's CLI alone (app/cli/main.ts) knows only the app's commands, so app/
 * never imports research/.
 */
import type { CliCommand } from '../../app/cli/commands/command.js';
import { commands as appCommands } from '../../app/cli/commands/index.js';
import { bench } from './bench.js';
import { experiment } from './experiment.js';

export const researchCommands: CliCommand[] = [bench, experiment];

export const commands: CliCommand[] = [...appCommands, ...researchCommands];
