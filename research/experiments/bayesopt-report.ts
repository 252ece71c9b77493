import type { PolicyRun } from './bayesopt-core.js';
import { type Interval, pairedBootstrap } from './bootstrap.js';
import { chartSvg, PALETTE, type Panel, type Series } from './svg.js';

/** How a policy picks its query: the baselines, a z draw's mean, an autoregressive draw, or pointwise noise (reference). */
export type DrawKind = 'random' | 'gp' | 'z' | 'autoregressive' | 'pointwise';

export interface PolicyLabel {
  name: string;
  draw: DrawKind;
  /** The gp1d model ('NP', 'ANP multihead', …) and how it was trained ('ELBO', 'NPML', …). */
  family?: string;
  variant?: string;
}

export interface PolicyResult extends PolicyLabel {
  /** Per iteration, over the functions. */
  meanRegret: number[];
  stderr: number[];
  meanCumulative: number[];
  cumulativeStderr: number[];
  /** Per function, after the last iteration: simple and cumulative regret (the bootstrap's pairs). */
  finalRegret: number[];
  finalCumulative: number[];
  seconds: number;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const stderr = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length);
};

export function summarise(label: PolicyLabel, run: PolicyRun): PolicyResult {
  return {
    ...label,
    meanRegret: run.simple.map(mean),
    stderr: run.simple.map(stderr),
    meanCumulative: run.cumulative.map(mean),
    cumulativeStderr: run.cumulative.map(stderr),
    finalRegret: run.simple.at(-1)!,
    finalCumulative: run.cumulative.at(-1)!,
    seconds: run.seconds,
  };
}

/** Thompson sampling of whole functions by a neural process (what the paper's claim is about). */
export const isFunctionDraw = (r: PolicyLabel) => r.draw === 'z' || r.draw === 'autoregressive';

export interface Comparison {
  /** Which target the difference answers. */
  target: 'vs random search' | 'ANP multihead vs NP';
  /** The difference is a − b (negative: a has the lower regret). */
  a: string;
  b: string;
  simpleRegret: Interval;
  cumulativeRegret: Interval;
}

function compare(target: Comparison['target'], a: PolicyResult, b: PolicyResult): Comparison {
  return {
    target,
    a: a.name,
    b: b.name,
    simpleRegret: pairedBootstrap(a.finalRegret, b.finalRegret),
    cumulativeRegret: pairedBootstrap(a.finalCumulative, b.finalCumulative),
  };
}

/**
 * Paired bootstrap intervals over the functions for the targets: every neural-process
 * function-draw policy against random search (so the best one's is among them, chosen after the
 * fact), and the multihead ANP against the NP for each draw kind and training.
 */
export function comparisons(results: PolicyResult[]): Comparison[] {
  const random = results.find((r) => r.draw === 'random');
  const draws = results.filter(isFunctionDraw);
  const versusRandom = random ? draws.map((r) => compare('vs random search', r, random)) : [];
  const versusNp = draws
    .filter((r) => r.family === 'ANP multihead')
    .flatMap((anp) => {
      const np = draws.find((r) => r.family === 'NP' && r.draw === anp.draw && r.variant === anp.variant);
      return np ? [compare('ANP multihead vs NP', anp, np)] : [];
    });
  return [...versusRandom, ...versusNp];
}

/** The function-draw policy with the lowest mean simple regret at the end. */
export const bestFunctionDraw = (results: PolicyResult[]) =>
  results
    .filter(isFunctionDraw)
    .reduce((best, r) => (r.meanRegret.at(-1)! < best.meanRegret.at(-1)! ? r : best));

/** What the figure shows: the baselines and the headline models' function draws, ELBO and NPML. */
const FIGURE_FAMILIES = ['NP', 'ANP multihead'];
const inFigure = (r: PolicyLabel) =>
  r.draw === 'random' ||
  r.draw === 'gp' ||
  (isFunctionDraw(r) &&
    FIGURE_FAMILIES.includes(r.family!) &&
    (r.variant === 'ELBO' || r.variant === 'NPML'));

/** Simple and cumulative regret (mean ± s.e.) in one figure; autoregressive draws are dashed. */
export function regretFigure(results: PolicyResult[], functions: number): string {
  const shown = results.filter(inFigure);
  const series = (curve: (r: PolicyResult) => number[], se: (r: PolicyResult) => number[]): Series[] =>
    shown.map((r, i) => ({
      name: r.name,
      color: PALETTE[i % PALETTE.length]!,
      dashed: r.draw === 'autoregressive',
      points: curve(r).map((v, t) => [t + 1, v] as [number, number]),
      band: curve(r).map((v, t) => [t + 1, v - se(r)[t]!, v + se(r)[t]!] as [number, number, number]),
    }));
  const panels: Panel[] = [
    {
      title: `Simple regret (mean ± s.e. over ${functions} functions)`,
      xLabel: 'iteration',
      yLabel: 'simple regret',
      series: series(
        (r) => r.meanRegret,
        (r) => r.stderr,
      ),
    },
    {
      title: 'Cumulative regret Σ (f(x_t) − min f)',
      xLabel: 'iteration',
      yLabel: 'cumulative regret',
      series: series(
        (r) => r.meanCumulative,
        (r) => r.cumulativeStderr,
      ),
      legend: false,
    },
  ];
  return chartSvg(panels, 2, 760, 520);
}
