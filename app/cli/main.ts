/** `anp <command> [options]`: finds the subcommand, prints help, and turns errors into one clear line. */
import { readFileSync } from 'node:fs';
import { ApiError } from '../api/errors.js';
import type { CliCommand } from './commands/command.js';
import { commands } from './commands/index.js';

const HELP_FLAGS = new Set(['--help', '-h']);

function overview(list: readonly CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 4) + 2;
  return [
    'usage: anp <command> [options]',
    '',
    'ANP Studio: complete and upscale photos with a stacked multihead Attentive Neural Process.',
    '',
    'commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'anp <command> --help' for a command's options.",
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs one CLI invocation and returns its exit status; never throws. */
export async function runCli(
  argv: readonly string[],
  list: readonly CliCommand[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || HELP_FLAGS.has(name) || name === 'help') {
      const topic = name === 'help' ? list.find((c) => c.name === rest[0]) : undefined;
      (name === undefined ? process.stderr : process.stdout).write(
        `${topic ? topic.usage : overview(list)}\n`,
      );
      return name === undefined ? 1 : 0;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = list.find((c) => c.name === name);
    if (!command) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `unknown command '${name}' (commands: ${list.map((c) => c.name).join(', ')})`,
      );
    }
    if (rest.some((arg) => HELP_FLAGS.has(arg))) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (err) {
    if (err instanceof ApiError) {
      process.stderr.write(`anp: ${err.message}\n`);
    } else {
      process.stderr.write(`anp: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.ANP_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    }
    return 1;
  }
}
