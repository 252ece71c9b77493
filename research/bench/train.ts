/**
 * `anp bench train`: training throughput (steps/s, examples/s) of the stacked ANP on photo tasks with
 * one gradient worker and with one per core, and the scaling efficiency between them. Then, in the
 * same run, one fixed-shape training step of the stacked ANP (batch 16, 200 contexts, 128 targets,
 * hidden 128) on tfjs and on a PyTorch-CPU reference of the same architecture
 * (research/bench/torch_reference.py, one thread): steps/s, their ratio, and GFLOP/s against the plain wasm
 * matMul rate.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../models/backend.js';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { stackedAnpConfig } from '../../models/index.js';
import { parseArgs } from '../../app/util/args.js';
import { DEFAULT_BATCH_OPTIONS } from '../../app/data/batch.js';
import { type CachedPhoto, loadPhotoFolder } from '../../app/data/photo-folder.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { createAppModel } from '../../app/model-factory.js';
import { defaultRecipe, trainModel, type TrainRecipe } from '../../app/training/train.js';
import { createTrainer } from '../../app/training/trainer.js';
import { trainStepFlops } from './model-flops.js';
import type { BenchTarget } from './target.js';

const spec = {
  data: { type: 'string' },
  hidden: { type: 'number', integer: true, min: 8, max: 1024 },
  batch: { type: 'number', integer: true, min: 1, max: 1024 },
  steps: { type: 'number', integer: true, min: 1, max: 10_000 },
  /** Runs of every worker count, interleaved (1, K, 1, K, …); rows report the median. */
  repeats: { type: 'number', integer: true, min: 1, max: 20 },
  warmup: { type: 'number', integer: true, min: 0, max: 1000 },
  workers: { type: 'string' },
  out: { type: 'string' },
  /** Timed tfjs steps of the fixed-shape reference comparison (PyTorch runs 3× as many); 0 skips it. */
  'reference-steps': { type: 'number', integer: true, min: 0, max: 100 },
  /** The python that has torch; default: python3 on PATH, then /usr/bin/python3 (Debian's python3-torch). */
  python: { type: 'string' },
} as const;

/** The stacked-ANP step both frameworks time: the shapes of issue 11 §3. */
const REF = { batch: 16, contexts: 200, targets: 128, hidden: 128 } as const;
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_reference.py', import.meta.url));

interface TorchResult {
  torch: string;
  python: string;
  threads: number;
  blas: string | null;
  parameters: number;
  steps: number;
  msPerStep: number;
  stepsPerSecond: number;
}

interface ReferenceComparison {
  sizes: typeof REF;
  gflopPerStep: number;
  matMul: { shape: string; gflopPerSecond: number };
  tfjs: {
    backend: string;
    parameters: number;
    steps: number;
    msPerStep: number;
    stepsPerSecond: number;
    gflopPerSecond: number;
    ratioToMatMul: number;
  };
  pytorch: (TorchResult & { gflopPerSecond: number; ratioToMatMul: number }) | { skipped: string };
  /** tfjs steps/s ÷ PyTorch steps/s. */
  tfjsToPytorch: number | null;
}

/** The plain 2-D matMul rate of the active backend at the decoder's layer size, [16·1024, h] @ [h, h]. */
async function matMulRate(reps: number): Promise<{ shape: string; gflopPerSecond: number }> {
  const [m, h] = [REF.batch * 1024, REF.hidden];
  const a = tf.randomUniform([m, h], -1, 1, 'float32', 1);
  const b = tf.randomUniform([h, h], -1, 1, 'float32', 2);
  const once = async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  };
  await once();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await once();
  const seconds = (performance.now() - t0) / 1000 / reps;
  tf.dispose([a, b]);
  return { shape: `[${m}, ${h}] @ [${h}, ${h}]`, gflopPerSecond: (2 * m * h * h) / 1e9 / seconds };
}

/** The one-thread trainer's step (loss, gradients, clip, Adam; training/trainer.ts) on random inputs of the REF shapes, after one warm-up step. */
function tfjsReferenceStep(steps: number) {
  const model = createAppModel({ ...stackedAnpConfig(2, 3), hidden: REF.hidden, latentDim: REF.hidden });
  const trainer = createTrainer(model, { learningRate: 1e-4 });
  const u = (shape: [number, number, number], seed: number) =>
    tf.randomUniform(shape, -1, 1, 'float32', seed) as tf.Tensor3D;
  const context = { x: u([REF.batch, REF.contexts, 2], 5), y: u([REF.batch, REF.contexts, 3], 6) };
  const targets = { x: u([REF.batch, REF.targets, 2], 7), y: u([REF.batch, REF.targets, 3], 8) };
  try {
    trainer.step(context, targets, 0);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) trainer.step(context, targets, i + 1);
    const msPerStep = (performance.now() - t0) / steps;
    return { config: model.config, parameters: model.parameterCount(), msPerStep };
  } finally {
    tf.dispose([context.x, context.y, targets.x, targets.y]);
    model.dispose();
  }
}

/**
 * Runs research/bench/torch_reference.py with the first python that imports torch; `{ skipped }` with one line
 * saying why where none does.
 */
async function torchReferenceStep(
  steps: number,
  python?: string,
): Promise<TorchResult | { skipped: string }> {
  const candidates = python ? [python] : ['python3', '/usr/bin/python3'];
  const args = [TORCH_SCRIPT, ...Object.entries(REF).flatMap(([k, v]) => [`--${k}`, String(v)])];
  args.push('--steps', String(steps), '--warmup', '2');
  // One BLAS thread: torch.set_num_threads does not reach a BLAS torch was not built against.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const reasons: string[] = [];
  for (const exe of [...new Set(candidates)]) {
    try {
      const { stdout } = await promisify(execFile)(exe, args, { env, timeout: 20 * 60_000 });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as TorchResult | { skipped: string };
      if ('skipped' in result) reasons.push(result.skipped);
      else return result;
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      reasons.push(
        e.code === 'ENOENT'
          ? `${exe} not found`
          : `${exe} failed: ${(e.stderr?.trim().split('\n').at(-1) ?? e.message).slice(0, 200)}`,
      );
    }
  }
  return { skipped: `PyTorch reference skipped: ${reasons.join('; ')}` };
}

async function referenceComparison(
  steps: number,
  python: string | undefined,
  backend: string,
): Promise<ReferenceComparison> {
  const mm = await matMulRate(20);
  const tfjs = tfjsReferenceStep(steps);
  const flops = trainStepFlops(tfjs.config, REF.batch, REF.contexts, REF.targets);
  const gflopPerStep = flops / 1e9;
  const rate = (stepsPerSecond: number) => ({
    gflopPerSecond: gflopPerStep * stepsPerSecond,
    ratioToMatMul: (gflopPerStep * stepsPerSecond) / mm.gflopPerSecond,
  });
  const tfjsRate = 1000 / tfjs.msPerStep;
  const torch = await torchReferenceStep(3 * steps, python);
  if (!('skipped' in torch) && torch.parameters !== tfjs.parameters)
    throw new Error(
      `research/bench/torch_reference.py builds ${torch.parameters} parameters, the tfjs stacked ANP ${tfjs.parameters}: the architectures differ`,
    );
  return {
    sizes: REF,
    gflopPerStep,
    matMul: mm,
    tfjs: {
      backend,
      parameters: tfjs.parameters,
      steps,
      msPerStep: tfjs.msPerStep,
      stepsPerSecond: tfjsRate,
      ...rate(tfjsRate),
    },
    pytorch: 'skipped' in torch ? torch : { ...torch, ...rate(torch.stepsPerSecond) },
    tfjsToPytorch: 'skipped' in torch ? null : tfjsRate / torch.stepsPerSecond,
  };
}

function printReference(r: ReferenceComparison): void {
  const { batch, contexts, targets, hidden } = r.sizes;
  console.log(
    `stacked ANP training step (batch ${batch}, ${contexts} contexts, ${targets} targets, hidden ${hidden}; ${r.gflopPerStep.toFixed(2)} GFLOP of matMuls) vs plain matMul ${r.matMul.shape} at ${r.matMul.gflopPerSecond.toFixed(1)} GFLOP/s:`,
  );
  const row = (
    name: string,
    t: { msPerStep: number; stepsPerSecond: number; gflopPerSecond: number; ratioToMatMul: number },
  ) =>
    console.log(
      `  ${name.padEnd(16)} ${t.msPerStep.toFixed(0).padStart(6)} ms/step  ${t.stepsPerSecond.toFixed(3)} steps/s  ${t.gflopPerSecond.toFixed(1)} GFLOP/s (${t.ratioToMatMul.toFixed(2)}× the ${r.tfjs.backend} matMul rate)`,
    );
  row(`tfjs ${r.tfjs.backend}`, r.tfjs);
  if ('skipped' in r.pytorch) console.log(`  ${r.pytorch.skipped}`);
  else {
    row(`PyTorch ${r.pytorch.torch}`, r.pytorch);
    console.log(
      `  tfjs/PyTorch: ${r.tfjsToPytorch!.toFixed(2)}× (PyTorch ${r.pytorch.threads} thread, BLAS ${r.pytorch.blas ?? 'unknown'})`,
    );
    if (r.pytorch.blas?.includes('/blas/libblas'))
      console.log(
        "  note: torch runs on Debian's reference BLAS (~1 GFLOP/s); `apt-get install libopenblas0-serial` gives it OpenBLAS",
      );
  }
}

interface Row {
  workers: number;
  /** Median over the repeats. */
  stepsPerSecond: number;
  examplesPerSecond: number;
  /** Each repeat's steps/s, in run order. */
  runs: number[];
  /** Median steps/s over the first row's median. */
  speedup: number;
  efficiency: number;
  /** Speedup of each repeat over the first row's run of the same repeat (adjacent in time). */
  pairedSpeedups: number[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface ThroughputOptions {
  hidden: number;
  photos: readonly CachedPhoto[];
  recipe: TrainRecipe;
  backend: BackendPreference;
  warmup: number;
  timed: number;
}

/** Steps/s of one photo-trainer run with `workers` gradient workers, timed after `warmup` steps. */
async function trainerThroughput(workers: number, o: ThroughputOptions): Promise<number> {
  const model = createAppModel({ ...stackedAnpConfig(2, 3), hidden: o.hidden, latentDim: o.hidden });
  const workDir = await mkdtemp(join(tmpdir(), 'anp-bench-train-'));
  // With --warmup 0 the timed span starts here (trainModel's start-up included).
  let warmAt = performance.now();
  try {
    await trainModel({
      model,
      photos: o.photos,
      recipe: o.recipe,
      workDir,
      workers,
      backend: o.backend,
      logEverySteps: 1,
      onProgress: (p) => {
        if (p.done === o.warmup) warmAt = performance.now();
      },
    });
  } finally {
    model.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  return o.timed / ((performance.now() - warmAt) / 1000);
}

export const trainBench: BenchTarget = {
  name: 'train',
  summary: 'training steps/s and examples/s with 1 and with all gradient workers; scaling efficiency',
  async run(argv) {
    const { options: o } = parseArgs(argv, spec);
    const info = await initAppBackend('auto');
    const cores = availableParallelism();
    const workerCounts = (o.workers ?? `1,${cores}`).split(',').map((s) => Number(s));
    const hidden = o.hidden ?? 64;
    const batchSize = o.batch ?? 16;
    const timed = o.steps ?? 40;
    const warmup = o.warmup ?? 4;
    const repeats = o.repeats ?? 3;
    const data = o.data ?? 'tests/fixtures/photos';
    const photos = await loadPhotoFolder(data);
    const recipe = defaultRecipe({
      steps: warmup + timed,
      batchSize,
      batch: {
        ...DEFAULT_BATCH_OPTIONS,
        task: { ...DEFAULT_BATCH_OPTIONS.task, maxContext: 100, maxTargets: 100, maxGridContext: 100 },
      },
    });
    const run = {
      hidden,
      photos: [...photos.train, ...photos.heldOut],
      recipe,
      backend: info.backend,
      warmup,
      timed,
    };
    const loadBefore = loadavg()[0]!;
    const runs = workerCounts.map(() => [] as number[]);
    for (let r = 0; r < repeats; r++) {
      for (const [i, workers] of workerCounts.entries()) {
        const stepsPerSecond = await trainerThroughput(workers, run);
        runs[i]!.push(stepsPerSecond);
        console.log(
          `run ${r + 1}/${repeats}, ${workers} worker(s): ${stepsPerSecond.toFixed(3)} steps/s, ${(stepsPerSecond * batchSize).toFixed(2)} examples/s`,
        );
      }
    }
    const loadAfter = loadavg()[0]!;
    const base = median(runs[0]!);
    const rows: Row[] = workerCounts.map((workers, i) => {
      const stepsPerSecond = median(runs[i]!);
      const speedup = stepsPerSecond / base;
      return {
        workers,
        stepsPerSecond,
        examplesPerSecond: stepsPerSecond * batchSize,
        runs: runs[i]!,
        speedup,
        efficiency: speedup / (workers / workerCounts[0]!),
        pairedSpeedups: runs[i]!.map((v, r) => v / runs[0]![r]!),
      };
    });
    console.table(
      rows.map((r) => ({
        workers: r.workers,
        stepsPerSecond: +r.stepsPerSecond.toFixed(3),
        examplesPerSecond: +r.examplesPerSecond.toFixed(2),
        speedup: +r.speedup.toFixed(2),
        efficiency: +r.efficiency.toFixed(2),
        pairedSpeedups: r.pairedSpeedups.map((v) => v.toFixed(2)).join(' '),
      })),
    );
    const referenceSteps = o['reference-steps'] ?? 3;
    const reference =
      referenceSteps > 0 ? await referenceComparison(referenceSteps, o.python, info.backend) : null;
    if (reference) printReference(reference);
    const out = o.out ?? resultsPath('train.json');
    await mkdir(dirname(out), { recursive: true });
    const result = {
      target: 'train',
      machine: {
        ...machineInfo(),
        backend: info.backend,
        device: info.device,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      sizes: {
        hidden,
        batch: batchSize,
        window: recipe.batch.window.size,
        maxContext: 100,
        maxTargets: 100,
        maxGridContext: 100,
      },
      steps: { warmup, timed, repeats },
      data,
      rows,
      reference,
      note: "Rows: photo-trainer steps, including batch sampling, gradient workers, averaging and Adam; the batch is split across the workers. reference: one fixed-shape stacked-ANP step (loss, gradients, clip, Adam) on random inputs on the main thread's backend and in bench/torch_reference.py (same architecture, checked by parameter count), timed back to back; FLOPs count matMuls only (app/bench/model-flops.ts). Each worker count runs `repeats` times, interleaved with the others; rows give the median and every run. The machine may be shared with other jobs: the load averages are sampled before the first run and after the last.",
    };
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${out}`);
  },
};
