import { expect, it } from 'vitest';
import { argmin, BAYESOPT_DEFAULTS, evenGrid, makeProblems, runPolicy } from './bayesopt-core.js';
import { bestFunctionDraw, comparisons, type PolicyLabel, summarise } from './bayesopt-report.js';

const o = { ...BAYESOPT_DEFAULTS, functions: 4, iterations: 3, gridSize: 20 };
const grid = evenGrid(o.gridSize);
const problems = makeProblems(o, grid);

it('runs a policy: simple regret is the best value so far, cumulative sums every query', async () => {
  const run = await runPolicy((ps) => ps.map((p) => argmin(p.f)), problems, o);
  const first = problems.map((p, i) => run.cumulative[0]![i]! + p.best);
  expect(run.simple[0]).toEqual(run.cumulative[0]);
  expect(run.simple[1]).toEqual([0, 0, 0, 0]);
  expect(run.cumulative[2]).toEqual(run.cumulative[0]);
  for (const [i, p] of problems.entries())
    expect(Math.min(...Array.from(p.f, (v) => Math.abs(v - first[i]!)))).toBeLessThan(1e-12);
});

it('pairs each function-draw policy with random search and the multihead ANP with the NP', async () => {
  const fixed = (j: number) => () => problems.map(() => j);
  const labels: (PolicyLabel & { at: number })[] = [
    { name: 'random', draw: 'random', at: 0 },
    { name: 'np z', draw: 'z', family: 'NP', variant: 'ELBO', at: 5 },
    { name: 'anp z', draw: 'z', family: 'ANP multihead', variant: 'ELBO', at: 7 },
    { name: 'anp ar', draw: 'autoregressive', family: 'ANP multihead', variant: 'ELBO', at: 9 },
    { name: 'np pointwise', draw: 'pointwise', family: 'NP', variant: 'ELBO', at: 11 },
  ];
  const results = await Promise.all(
    labels.map(async ({ at, ...label }) => summarise(label, await runPolicy(fixed(at), problems, o))),
  );
  const c = comparisons(results);
  expect(c.map((x) => `${x.target}: ${x.a} − ${x.b}`)).toEqual([
    'vs random search: np z − random',
    'vs random search: anp z − random',
    'vs random search: anp ar − random',
    'ANP multihead vs NP: anp z − np z',
  ]);
  const anp = results[2]!;
  const np = results[1]!;
  const diff = anp.finalRegret.reduce((s, v, i) => s + v - np.finalRegret[i]!, 0) / 4;
  expect(c[3]!.simpleRegret.mean).toBeCloseTo(diff, 12);
  expect(c[3]!.simpleRegret.low).toBeLessThanOrEqual(diff);
  expect(bestFunctionDraw(results).name).toBe(
    results.slice(1, 4).reduce((a, b) => (b.meanRegret.at(-1)! < a.meanRegret.at(-1)! ? b : a)).name,
  );
});
