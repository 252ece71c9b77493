import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatMetric, formatPercent } from './format.js';

describe('display formatting', () => {
  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(42_581)).toBe('42 KB');
    expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.5 MB');
  });

  it('formats durations for ETAs', () => {
    expect(formatDuration(0.4)).toBe('<1 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 h 2 min');
    expect(formatDuration(Number.NaN)).toBe('–');
  });

  it('clamps percentages and keeps metrics short', () => {
    expect(formatPercent(0.256)).toBe('26%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatMetric(1.23456)).toBe('1.235');
    expect(formatMetric(-0.5)).toBe('-0.5');
    expect(formatMetric(0.00001234)).toBe('1.23e-5');
  });
});
