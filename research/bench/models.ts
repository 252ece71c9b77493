import { mkdir, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFastWasmMatMul, serializeModel, stackedAnpConfig } from '../../models/index.js';
import type { NPConfig } from '../../models/index.js';
import { machineInfo } from '../shared/machine.js';
import { RESULTS_DIR, resultsPath } from '../shared/results.js';
import { parseArgs } from '../../app/util/args.js';
import { createAppModel } from '../../app/model-factory.js';
import { openBenchPage, WEBGPU_BENCH_MODES, type WebGpuBenchMode } from './webgpu-page.js';
import type { HeadlessPage } from '../../app/compute/webgpu/headless-chromium.js';
import { createTrainer } from '../../app/training/trainer.js';
import { forwardFlops, trainStepFlops } from './model-flops.js';
import type { BenchTarget } from './target.js';

const B = 16;
const NC = 200;
const NT = 1024;
const HIDDEN = 128;

/**
 * The stacked ANP's latent path self-attends over C ∪ T: at 1224 points one attention tensor is
 * [16, 8, 1224, 1224] floats = 767 MB and a training step overflows wasm's 4 GB heap (the module
 * aborts; it did at 256 targets too, after the other models had grown the heap), so its training
 * step is measured with this many targets instead.
 */
const NT_TRAIN_SELF_ATTENTION = 128;

interface Row {
  backend: string;
  model: string;
  op: 'forward' | 'train step';
  targets: number;
  reps: number;
  msPerCall: number;
  gflop: number;
  gflopPerSecond: number;
  ratioToMatMul?: number;
  error?: string;
}

function benchConfigs(): {
  name: string;
  config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>;
}[] {
  const common = { xDim: 2, yDim: 3, hidden: HIDDEN, latentDim: HIDDEN };
  return [
    { name: 'CNP', config: { ...common, kind: 'cnp' } },
    { name: 'NP', config: { ...common, kind: 'np' } },
    { name: 'ANP multihead', config: { ...common, kind: 'anp', attention: 'multihead' } },
    { name: 'stacked ANP', config: { ...stackedAnpConfig(2, 3), ...common } },
  ];
}

/**
 * Mean wall time of `fn` over `reps` calls after one warm-up call. On the cpu backend, where one
 * call of the big models takes tens of seconds, there is no warm-up: the first call is the measure.
 */
async function timeIt(reps: number, fn: () => Promise<void>): Promise<number> {
  if (tf.getBackend() !== 'cpu') await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

const uniform = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** A plain 2-D matMul of the size of the decoder's layers: [B·Nt, h] @ [h, h]. */
async function plainMatMul(reps: number) {
  const a = uniform([B * NT, HIDDEN], 1);
  const b = uniform([HIDDEN, HIDDEN], 2);
  const ms = await timeIt(reps, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  tf.dispose([a, b]);
  const gflop = (2 * B * NT * HIDDEN * HIDDEN) / 1e9;
  return { ms, gflop, gflopPerSecond: gflop / (ms / 1000) };
}

/** The attention-logits product both ways: explicit transpose then matMul, versus matMul's transposeB flag. */
async function transposeTrap(reps: number) {
  const heads = 8;
  const q = uniform([B * heads, NT, HIDDEN / heads], 3);
  const k = uniform([B * heads, NC, HIDDEN / heads], 4);
  const run = (flag: boolean) =>
    timeIt(reps, async () => {
      const r = tf.tidy(() =>
        flag ? tf.matMul(q, k, false, true) : tf.matMul(q, tf.transpose(k, [0, 2, 1])),
      );
      await r.data();
      r.dispose();
    });
  const explicitMs = await run(false);
  const transposeBMs = await run(true);
  tf.dispose([q, k]);
  return {
    shape: `[${B * heads}, ${NT}, ${HIDDEN / heads}] x [${B * heads}, ${NC}, ${HIDDEN / heads}]^T`,
    explicitMs,
    transposeBMs,
  };
}

async function benchModel(
  backend: string,
  name: string,
  config: NPConfig,
  reps: number,
  trainReps: number,
): Promise<Row[]> {
  const model = createAppModel(config, { scope: 'bench/' });
  const ntTrain = config.selfAttentionLayers > 0 ? NT_TRAIN_SELF_ATTENTION : NT;
  const ctx = { x: uniform([B, NC, 2], 5) as tf.Tensor3D, y: uniform([B, NC, 3], 6) as tf.Tensor3D };
  const tgt = { x: uniform([B, NT, 2], 7) as tf.Tensor3D, y: uniform([B, NT, 3], 8) as tf.Tensor3D };
  const trainTgt = {
    x: tgt.x.slice([0, 0, 0], [-1, ntTrain, -1]),
    y: tgt.y.slice([0, 0, 0], [-1, ntTrain, -1]),
  };
  const rows: Row[] = [];
  const record = (op: Row['op'], targets: number, n: number, flops: number, ms: number, error?: string) => {
    const gflop = flops / 1e9;
    rows.push({
      backend,
      model: name,
      op,
      targets,
      reps: n,
      msPerCall: ms,
      gflop,
      gflopPerSecond: gflop / (ms / 1000),
      ...(error ? { error } : {}),
    });
  };
  const fwd = await timeIt(reps, async () => {
    const p = model.predict(ctx, tgt);
    await p.mean.data();
    tf.dispose([p.mean, p.std]);
  });
  record('forward', NT, reps, forwardFlops(model.config, B, NC, NT), fwd);
  const trainer = createTrainer(model, { learningRate: 1e-4 });
  const trainFlops = trainStepFlops(model.config, B, NC, ntTrain);
  try {
    const ms = await timeIt(trainReps, async () => {
      trainer.step(ctx, trainTgt, 0);
    });
    record('train step', ntTrain, trainReps, trainFlops, ms);
  } catch (err) {
    record('train step', ntTrain, 0, trainFlops, NaN, String((err as Error).message ?? err).split('\n')[0]);
  }
  tf.dispose([ctx.x, ctx.y, tgt.x, tgt.y, trainTgt.x, trainTgt.y]);
  model.dispose();
  return rows;
}

/**
 * The forward rows on a compute page's WebGPU (the same models, sizes and warm-up as the Node rows;
 * WebGPU does not train in the app, so there is no training-step row).
 */
async function benchWebGpu(
  page: HeadlessPage,
  device: string,
  configs: ReturnType<typeof benchConfigs>,
  reps: number,
): Promise<{ rows: Row[]; matMul: { ms: number; gflop: number; gflopPerSecond: number; device: string } }> {
  const gflopMatMul = (2 * B * NT * HIDDEN * HIDDEN) / 1e9;
  const ms = await page.channel.request({
    type: 'timeMatMul',
    m: B * NT,
    k: HIDDEN,
    n: HIDDEN,
    reps: reps * 5,
  });
  const matMul = { ms, gflop: gflopMatMul, gflopPerSecond: gflopMatMul / (ms / 1000), device };
  const rows: Row[] = [];
  for (const c of configs) {
    const model = createAppModel(c.config, { scope: 'webgpu/' });
    const bytes = await serializeModel(model);
    const gflop = forwardFlops(model.config, B, NC, NT) / 1e9;
    model.dispose();
    await page.channel.request({ type: 'load', modelKey: c.name, ...bytes });
    const timing = { batch: B, contexts: NC, targets: NT, reps };
    const msPerCall = await page.channel.request({ type: 'timeForward', modelKey: c.name, timing });
    const gflopPerSecond = gflop / (msPerCall / 1000);
    const row: Row = {
      backend: 'webgpu',
      model: c.name,
      op: 'forward',
      targets: NT,
      reps,
      msPerCall,
      gflop,
      gflopPerSecond,
      ratioToMatMul: gflopPerSecond / matMul.gflopPerSecond,
    };
    console.log(
      `webgpu ${row.model} forward: ${msPerCall.toFixed(0)} ms, ${gflopPerSecond.toFixed(2)} GFLOP/s`,
    );
    rows.push(row);
  }
  return { rows, matMul };
}

const spec = {
  backends: { type: 'string' },
  reps: { type: 'number', integer: true, min: 1 },
  webgpu: { type: 'string' },
} as const;

export const modelsBench: BenchTarget = {
  name: 'models',
  summary: `forward and training-step throughput of CNP/NP/ANP/stacked ANP (batch ${B}, ${NC} contexts, ${NT} targets, hidden ${HIDDEN}) vs plain matMul`,
  async run(argv) {
    const { options } = parseArgs(argv, spec);
    const backends = (options.backends ?? 'wasm,cpu').split(',');
    const webgpuMode = (options.webgpu ?? 'auto') as WebGpuBenchMode;
    if (!WEBGPU_BENCH_MODES.includes(webgpuMode)) {
      throw new Error(`--webgpu must be one of ${WEBGPU_BENCH_MODES.join(', ')}`);
    }
    const rows: Row[] = [];
    const matMuls: Record<string, object> = {};
    const traps: Record<string, object> = {};
    const configs = benchConfigs();
    for (const backend of backends) {
      if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
      await tf.ready();
      installFastWasmMatMul();
      // The cpu backend is ~20× slower: one timed call each.
      const reps = options.reps ?? (backend === 'cpu' ? 1 : 3);
      const mm = await plainMatMul(reps * 5);
      matMuls[backend] = mm;
      traps[backend] = await transposeTrap(reps);
      for (const c of configs) {
        const config = createAppModel(c.config, { scope: 'probe/' });
        const resolved = config.config;
        config.dispose();
        const modelRows = await benchModel(
          backend,
          c.name,
          resolved,
          reps,
          backend === 'cpu' ? 1 : Math.max(1, reps - 1),
        );
        for (const r of modelRows) r.ratioToMatMul = r.gflopPerSecond / mm.gflopPerSecond;
        rows.push(...modelRows);
        console.log(
          modelRows
            .map(
              (r) =>
                `${r.backend} ${r.model} ${r.op}: ${r.msPerCall.toFixed(0)} ms, ${r.gflopPerSecond.toFixed(2)} GFLOP/s${r.error ? ` (${r.error})` : ''}`,
            )
            .join('\n'),
        );
      }
    }
    const gpu = await openBenchPage(webgpuMode);
    let webgpu: { device: string } | { skipped: string };
    if ('skipped' in gpu) {
      webgpu = { skipped: gpu.skipped };
      console.log(`webgpu: not measured (${gpu.skipped})`);
    } else {
      try {
        const measured = await benchWebGpu(gpu.page, gpu.device, configs, options.reps ?? 3);
        rows.push(...measured.rows);
        matMuls.webgpu = measured.matMul;
        webgpu = { device: gpu.device };
      } finally {
        await gpu.page.close();
      }
    }
    console.table(
      rows.map((r) => ({
        backend: r.backend,
        model: r.model,
        op: r.op,
        targets: r.targets,
        'ms/call': +r.msPerCall.toFixed(1),
        GFLOP: +r.gflop.toFixed(2),
        'GFLOP/s': +r.gflopPerSecond.toFixed(2),
        'vs matMul': +(r.ratioToMatMul ?? NaN).toFixed(2),
      })),
    );
    console.table(Object.entries(matMuls).map(([backend, m]) => ({ backend, ...m })));
    console.table(Object.entries(traps).map(([backend, t]) => ({ backend, ...t })));
    const stacked = rows.find((r) => r.backend === 'wasm' && r.model === 'stacked ANP' && r.op === 'forward');
    const target = stacked
      ? {
          stackedAnpForwardVsMatMulOnWasm: stacked.ratioToMatMul,
          goal: 0.5,
          met: (stacked.ratioToMatMul ?? 0) >= 0.5,
        }
      : null;
    if (target)
      console.log(
        `stacked ANP forward on wasm: ${(100 * target.stackedAnpForwardVsMatMulOnWasm!).toFixed(0)}% of the plain-matMul rate (goal ≥ 50%: ${target.met ? 'met' : 'not met'})`,
      );
    await mkdir(RESULTS_DIR, { recursive: true });
    const out = {
      target: 'models',
      sizes: { batch: B, contexts: NC, targets: NT, hidden: HIDDEN, xDim: 2, yDim: 3 },
      machine: { ...machineInfo(), backend: backends.join(',') },
      webgpu,
      plainMatMul: matMuls,
      transposeTrap: traps,
      rows,
      goal: target,
      note: 'cpu rows: one call without warm-up. webgpu rows: a headless Chromium compute page, forward only, timed in the page (one warm-up call compiles the shaders). SwiftShader is a CPU emulation of a GPU: its rows are reported, not tuned for. FLOPs count matMuls only (2·m·k·n); a training step counts the loss forward (with q(z|C∪T)) plus a backward of twice that. Machine shared with other jobs while measured.',
    };
    await writeFile(resultsPath('models.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${resultsPath('models.json')}`);
  },
};
