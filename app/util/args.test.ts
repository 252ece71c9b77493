import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

const spec = {
  port: { type: 'number', integer: true, min: 0, max: 65535 },
  token: { type: 'string' },
  open: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  scale: { type: 'number' },
} as const;

describe('parseArgs', () => {
  it('reads values in both spellings, short aliases, negated booleans and positionals', () => {
    const { options, positionals } = parseArgs(
      ['a.jpg', '--port', '5174', '--token=e2e-token', '--no-open', '-o', 'x.png', '--scale', '2.5', 'b.jpg'],
      spec,
    );
    expect(options).toEqual({ port: 5174, token: 'e2e-token', open: false, out: 'x.png', scale: 2.5 });
    expect(positionals).toEqual(['a.jpg', 'b.jpg']);
    expect(parseArgs(['--open'], spec).options.open).toBe(true);
  });

  it('treats everything after -- and negative numbers as positionals', () => {
    expect(parseArgs(['--', '--port', '-3'], spec).positionals).toEqual(['--port', '-3']);
    expect(parseArgs(['-3'], spec).positionals).toEqual(['-3']);
  });

  it('refuses unknown options, missing values and bad numbers with one clear line', () => {
    expect(() => parseArgs(['--prot', '1'], spec)).toThrow('unknown option --prot');
    expect(() => parseArgs(['-x'], spec)).toThrow('unknown option -x');
    expect(() => parseArgs(['--token'], spec)).toThrow('--token needs a value');
    expect(() => parseArgs(['--port', 'abc'], spec)).toThrow("--port must be a number (got 'abc')");
    expect(() => parseArgs(['--port', '1.5'], spec)).toThrow("--port must be a whole number (got '1.5')");
    expect(() => parseArgs(['--port=70000'], spec)).toThrow('--port must be at most 65535 (got 70000)');
    expect(() => parseArgs(['--open=yes'], spec)).toThrow('--open takes no value');
    expect(() => parseArgs(['--no-token'], spec)).toThrow('unknown option --no-token');
  });

  it('reads numbers as decimals only: hex, binary, octal and blanks are refused, not converted', () => {
    for (const raw of ['0x10', '0X10', '0b10000', '0o20', ' 16', '16 ', '', 'Infinity', '1_6']) {
      expect(() => parseArgs(['--scale', raw], spec)).toThrow(`--scale must be a number (got '${raw}')`);
    }
    for (const [raw, value] of [
      ['16', 16],
      ['2.5', 2.5],
      ['.5', 0.5],
      ['3.', 3],
      ['1e1', 10],
      ['+4', 4],
    ] as const) {
      expect(parseArgs(['--scale', raw], spec).options.scale).toBe(value);
    }
  });
});
