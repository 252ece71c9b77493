import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commands as appCommands } from '../../app/cli/commands/index.js';
import { bench } from './bench.js';
import { experiment } from './experiment.js';
import { commands, researchCommands } from './index.js';

const bin = new URL('../../bin/anp.mjs', import.meta.url).pathname;
const anp = async (...args: string[]) => (await promisify(execFile)(process.execPath, [bin, ...args])).stdout;

describe("research's commands", () => {
  it("are added to the app's by anp's table, and only there", () => {
    expect(researchCommands).toEqual([bench, experiment]);
    expect(commands).toEqual([...appCommands, bench, experiment]);
    expect(appCommands.map((c) => c.name)).not.toContain('bench');
    expect(appCommands.map((c) => c.name)).not.toContain('experiment');
  });

  it('anp lists and runs them (bin/anp.mjs registers them)', async () => {
    const top = await anp('--help');
    expect(top).toMatch(/^ {2}bench +run a benchmark/m);
    expect(top).toMatch(/^ {2}experiment +reproduce one of the paper's experiments/m);
    expect(top).toMatch(/^ {2}info +show the compute engine/m);
    expect(await anp('bench', '--help')).toMatch(/^usage: anp bench <target>/);
    expect(await anp('experiment', '--help')).toMatch(/^usage: anp experiment <name>/);
  });
});
