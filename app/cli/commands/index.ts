import type { CliCommand } from '../command.js';
import { bench } from './bench.js';

export const commands: CliCommand[] = [bench];
