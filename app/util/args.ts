/**
 * A small argv parser shared by the `anp` subcommands: `--name value`, `--name=value`, `-n value`,
 * boolean `--flag` / `--no-flag`, and `--` to end the options. Mistakes are ApiErrors, one clear line.
 */
import { ApiError } from '../api/errors.js';

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  /** One-letter alias, e.g. 'o' for -o. */
  short?: string;
  /** Numbers only: require an integer. */
  integer?: boolean;
  min?: number;
  max?: number;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'number'
  ? number
  : S['type'] extends 'boolean'
    ? boolean
    : string;
export type ParsedOptions<T extends Record<string, OptionSpec>> = { [K in keyof T]?: ValueOf<T[K]> };

export interface ParsedArgs<T extends Record<string, OptionSpec>> {
  options: ParsedOptions<T>;
  positionals: string[];
}

export function parseArgs<T extends Record<string, OptionSpec>>(
  argv: readonly string[],
  spec: T,
): ParsedArgs<T> {
  const options: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let name = flag.startsWith('--') ? flag.slice(2) : byShort.get(flag.slice(1));
    let negated = false;
    if (
      name !== undefined &&
      !spec[name] &&
      name.startsWith('no-') &&
      spec[name.slice(3)]?.type === 'boolean'
    ) {
      name = name.slice(3);
      negated = true;
    }
    const option = name === undefined ? undefined : spec[name];
    if (name === undefined || !option) throw new ApiError('INVALID_ARGUMENT', `unknown option ${flag}`);
    if (option.type === 'boolean') {
      if (inline !== undefined) throw new ApiError('INVALID_ARGUMENT', `${flag} takes no value`);
      options[name] = !negated;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new ApiError('INVALID_ARGUMENT', `${flag} needs a value`);
    options[name] = option.type === 'number' ? parseNumber(`--${name}`, raw, option) : raw;
  }
  return { options: options as ParsedOptions<T>, positionals };
}

/** A decimal number: digits with an optional sign, fraction and exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(flag: string, raw: string, option: OptionSpec): number {
  // Decimal only: Number() would also read '0x10' as 16, '0b11' as 3 and '' as 0.
  const value = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) {
    throw new ApiError('INVALID_ARGUMENT', `${flag} must be a number (got '${raw}')`);
  }
  if (option.integer && !Number.isInteger(value)) {
    throw new ApiError('INVALID_ARGUMENT', `${flag} must be a whole number (got '${raw}')`);
  }
  if (option.min !== undefined && value < option.min) {
    throw new ApiError('INVALID_ARGUMENT', `${flag} must be at least ${option.min} (got ${raw})`);
  }
  if (option.max !== undefined && value > option.max) {
    throw new ApiError('INVALID_ARGUMENT', `${flag} must be at most ${option.max} (got ${raw})`);
  }
  return value;
}
