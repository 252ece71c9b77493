import { ApiError } from '../../app/api/errors.js';
import { benchTargets } from '../bench/targets.js';
import type { CliCommand } from '../../app/cli/commands/command.js';

export const bench: CliCommand = {
  name: 'bench',
  summary: 'run a benchmark and write research/results/<target>.json',
  get usage() {
    const lines = benchTargets.map((t) => `  ${t.name.padEnd(10)} ${t.summary}`);
    return [
      'usage: anp bench <target> [options]',
      '',
      'targets:',
      ...lines,
      '',
      'models and images add WebGPU rows from a headless Chromium (npm run build first): --webgpu auto',
      '(the default) measures on a hardware adapter, on also on an emulated one (SwiftShader), off skips.',
    ].join('\n');
  },
  async run(argv) {
    const [name, ...rest] = argv;
    const target = benchTargets.find((t) => t.name === name);
    if (!target) {
      const known = benchTargets.map((t) => t.name).join(', ') || 'none';
      throw new ApiError('INVALID_ARGUMENT', `unknown bench target '${name ?? ''}' (known: ${known})`);
    }
    await target.run(rest);
    return 0;
  },
};
