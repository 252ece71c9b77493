import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one folder every experiment, bench and baseline writes to (tables, figures, trained research
 * models), resolved from the repository, not the working directory.
 */
export const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

/** A path inside research/results/. */
export const resultsPath = (...parts: string[]): string => join(RESULTS_DIR, ...parts);
