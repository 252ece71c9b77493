import { readdir, readFile } from 'node:fs/promises';
import type { NeuralProcess } from '../../models/index.js';
import { ApiError } from '../../app/api/errors.js';
import { deserializeAppModel } from '../../app/model-factory.js';
import { loadModelDir } from '../../app/model-files.js';
import {
  type BayesOptOptions,
  evenGrid,
  gpThompson,
  makeProblems,
  type Policy,
  type Problem,
  randomPolicy,
  runPolicy,
} from './bayesopt-core.js';
import { arThompson, type LatentSpread, latentSpread, zThompson } from './bayesopt-np.js';
import {
  bestFunctionDraw,
  comparisons,
  type PolicyLabel,
  type PolicyResult,
  regretFigure,
  summarise,
} from './bayesopt-report.js';
import { cappedDirPrefix, GP1D_MODEL_DIR, GP1D_MODELS, modelDirName, npmlDirName } from './gp1d.js';
import { log, writeFigure, writeResults } from './output.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';

/** The autoregressive draws: 25 coarse points (spacing 1/6, the shortest lengthscale 0.1–0.6 spans ~1) in 10 blocks. */
const AR_DRAW = { coarsePoints: 25, blocks: 10 };
/** Observation counts the z-based variants' regret and latent spread are reported at. */
const SPREAD_AT = [1, 5, 20];

interface LoadedModel {
  family: string;
  variant: string;
  label: string;
  model: NeuralProcess;
}

/** The gp1d models: each ELBO model, its σ_y-capped variants (`gp1d --max-std`) and its NPML fine-tune (`gp1d --objective npml`), where trained. */
async function loadGp1dModels(): Promise<LoadedModel[]> {
  const present = await readdir(GP1D_MODEL_DIR).catch(() => [] as string[]);
  const found = GP1D_MODELS.flatMap((m) => {
    const capped = present
      .filter((d) => d.startsWith(cappedDirPrefix(m.name)) && !d.endsWith('.training'))
      .sort();
    return [modelDirName(m.name), ...capped, npmlDirName(m.name)]
      .filter((d) => present.includes(d))
      .map((dir) => ({ family: m.name, dir }));
  });
  if (found.length === 0) {
    throw new ApiError(
      'NOT_FOUND',
      `no trained gp1d models in ${GP1D_MODEL_DIR}: run 'anp experiment gp1d' first`,
    );
  }
  return Promise.all(
    found.map(async ({ family, dir }, i) => {
      const files = await loadModelDir(`${GP1D_MODEL_DIR}/${dir}`);
      const model = deserializeAppModel(files.manifest, files.weights, { scope: `bo${i}/` });
      const cap = model.config.maxStd;
      const variant =
        dir === npmlDirName(family) ? 'NPML' : cap === undefined ? 'ELBO' : `ELBO, σ_y ≤ ${cap}`;
      const label =
        variant === 'ELBO' ? family : variant === 'NPML' ? `${family} NPML` : `${family} (σ_y ≤ ${cap})`;
      return { family, variant, label, model };
    }),
  );
}

/** Every model's z and autoregressive Thompson sampling; the ELBO models' pointwise-σ reference rows. */
function modelPolicies(models: LoadedModel[], grid: Float64Array): (PolicyLabel & { policy: Policy })[] {
  const coarse = evenGrid(AR_DRAW.coarsePoints);
  const of = (m: LoadedModel) => ({ family: m.family, variant: m.variant });
  return [
    ...models.map((m) => ({
      name: `${m.label} Thompson (z)`,
      draw: 'z' as const,
      ...of(m),
      policy: zThompson(m.model, grid, false),
    })),
    ...models.map((m) => ({
      name: `${m.label} Thompson (AR, ${AR_DRAW.blocks} blocks)`,
      draw: 'autoregressive' as const,
      ...of(m),
      policy: arThompson(m.model, grid, coarse, AR_DRAW.blocks),
    })),
    ...models
      .filter((m) => m.variant !== 'NPML')
      .map((m) => ({
        name: `${m.label} Thompson + pointwise σ`,
        draw: 'pointwise' as const,
        ...of(m),
        policy: zThompson(m.model, grid, true),
      })),
  ];
}

const at = (curve: number[], t: number) => +curve[t - 1]!.toFixed(4);

/** ELBO against NPML for the z draws: regret and the function's spread over z at the same observation counts. */
function latentTable(
  results: PolicyResult[],
  spreads: { label: string; family: string; variant: string; spreads: LatentSpread[] }[],
) {
  return spreads.flatMap((s) => {
    const r = results.find((p) => p.draw === 'z' && p.family === s.family && p.variant === s.variant);
    if (!r) return [];
    return [
      {
        model: s.label,
        ...Object.fromEntries(
          SPREAD_AT.filter((n) => n <= r.meanRegret.length).map((n) => [`regret@${n}`, at(r.meanRegret, n)]),
        ),
        ...Object.fromEntries(
          s.spreads.map((x) => [
            `spread@${x.observations} (σ_y)`,
            `${x.meanSpread.toFixed(3)} (${x.meanSigma.toFixed(3)})`,
          ]),
        ),
      },
    ];
  });
}

async function runAll(
  policies: (PolicyLabel & { policy: Policy })[],
  problems: Problem[],
  o: BayesOptOptions,
) {
  const results: PolicyResult[] = [];
  for (const { policy, ...label } of policies) {
    const r = summarise(label, await runPolicy(policy, problems, o));
    log(
      `${r.name}: regret @1 ${r.meanRegret[0]!.toFixed(3)}, @${o.iterations} ${r.meanRegret.at(-1)!.toFixed(4)}, cumulative ${r.meanCumulative.at(-1)!.toFixed(2)} (${r.seconds.toFixed(1)} s)`,
    );
    results.push(r);
  }
  return results;
}

export async function runBayesOpt(o: BayesOptOptions): Promise<void> {
  const grid = evenGrid(o.gridSize);
  const problems = makeProblems(o, grid);
  const models = await loadGp1dModels();
  const spreads = models.map((m) => ({
    label: m.label,
    family: m.family,
    variant: m.variant,
    spreads: SPREAD_AT.map((n) => latentSpread(m.model, problems, grid, n)),
  }));
  const results = await runAll(
    [
      { name: 'random search', draw: 'random', policy: randomPolicy(o.gridSize) },
      { name: 'GP Thompson (true kernel)', draw: 'gp', policy: gpThompson(grid) },
      ...modelPolicies(models, grid),
    ],
    problems,
    o,
  );
  const checkpoints = [1, 5, 10, 20, 30, 50, o.iterations].filter(
    (t, i, a) => t <= o.iterations && a.indexOf(t) === i,
  );
  const table = results.map((r) => ({
    method: r.name,
    ...Object.fromEntries(checkpoints.map((t) => [`regret@${t}`, at(r.meanRegret, t)])),
    [`cumulative@${o.iterations}`]: +r.meanCumulative.at(-1)!.toFixed(3),
  }));
  const latent = latentTable(results, spreads);
  const intervals = comparisons(results);
  console.table(table);
  console.table(latent);
  for (const c of intervals)
    log(
      `${c.a} − ${c.b}: simple ${c.simpleRegret.mean.toFixed(4)} [${c.simpleRegret.low.toFixed(4)}, ${c.simpleRegret.high.toFixed(4)}]`,
    );
  const missing = GP1D_MODELS.some((m) => m.config.selfAttentionLayers)
    ? []
    : ['stacked ANP: gp1d trains no stacked model (self-attention layers) yet'];
  await writeResults('bayesopt', {
    experiment: 'bayesopt',
    description:
      'Minimisation of functions drawn from the GP prior (random SE kernel as in gp1d) on a grid over [-2,2]; one random initial point, the same for every policy; simple regret = best observed value − grid minimum; cumulative regret = Σ over the queries of (queried value − grid minimum). NP Thompson sampling: (z) draws one z per step and queries the argmin of that function’s mean (the paper’s form); (AR) draws the function autoregressively at coarse points in sequential blocks (each from the predictive given the observations and the blocks before, noise included) and queries the argmin over the grid of the model’s mean given the observations plus the drawn values; “+ pointwise σ” adds independent N(0, σ²) decoder noise per grid point before the argmin (reference only: not a function draw). Intervals: paired percentile bootstrap (10,000 resamples) over the functions of the mean difference at the last iteration.',
    options: { ...o, autoregressive: AR_DRAW },
    machine: machineInfo(),
    missing,
    best: bestFunctionDraw(results).name,
    table,
    latent,
    comparisons: intervals,
    latentSpread: spreads,
    curves: results,
  });
  await writeFigure('bayesopt-regret', regretFigure(results, o.functions));
  for (const m of models) m.model.dispose();
}

/** Redraws the figure from research/results/bayesopt.json without rerunning the optimisation. */
export async function replotBayesOpt(): Promise<void> {
  const saved = JSON.parse(await readFile(resultsPath('bayesopt.json'), 'utf8')) as {
    options: BayesOptOptions;
    curves: PolicyResult[];
  };
  await writeFigure('bayesopt-regret', regretFigure(saved.curves, saved.options.functions));
}
