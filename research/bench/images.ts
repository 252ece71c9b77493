/**
 * `anp bench images`: quality of the shipped models against classical baselines on the held-out
 * photos — super-resolution, with peers and the previous upscale model as its ablation, and
 * completion on photos and on the synthetic structure set, with the point-set `photo` model as the
 * completion's ablation — and the speed and memory of whole-photo jobs, with one inference thread and
 * with all of them (the upscales beside ESRGAN's from the same run). Writes
 * research/results/images.json and research/results/completion-gallery.png and prints a table naming
 * the machine and backend.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { parseArgs } from '../../app/util/args.js';
import {
  COMPLETION_MODEL_DIR,
  DEFAULT_MODEL_DIR,
  PRETRAINED_DIR,
  SUPERRES_MODEL_DIR,
} from '../../app/shipped-models.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { createPagePool } from '../../app/compute/webgpu/page-pool.js';
import { machineInfo } from '../shared/machine.js';
import { RESULTS_DIR, resultsPath } from '../shared/results.js';
import {
  QUALITY_HEADING,
  renderQualitySection,
  withSection,
  type QualityParts,
} from '../../app/training/quality-card.js';
import { evaluateImageQuality, type ImageQualityMetrics, type UpscalePeer } from '../../app/quality/index.js';
import {
  evaluateCompletion,
  type CompletionEvaluation,
  type CompletionMetrics,
} from '../../app/quality/completion-eval.js';
import { type CompletionAblation, completionText } from '../../app/quality/completion-rows.js';
import { fsrAvailability } from '../../app/quality/fsr.js';
import { STRUCTURE_CASES } from '../../app/quality/structure-set.js';
import { fitSharpeningPerScale } from '../../app/quality/sharpening-fit.js';
import type { Sharpening } from '../../app/quality/sharpening.js';
import type { ModelRef } from '../../app/util/task.js';
import {
  type PreviousScores,
  previousVersionName,
  scorePreviousVersion,
  withPreviousVersion,
} from './previous-version.js';
import { galleryCases, writeCompletionGallery } from './completion-gallery.js';
import { prepareCompletionSpeedInput, type SpeedInput, timeCompletion } from './completion-speed.js';
import {
  ESRGAN_SPEED_VARIANTS,
  speedKey,
  timeEsrganX4,
  timeModelUpscales,
  UPSCALE_SPEED_SCALES,
} from './upscale-speed.js';
import { FLOPS_SIDE, flopsTable, type FlopsRow, superResFlopsRows } from './superres-flops.js';
import { validateSuperResConfig } from '../../models/index.js';
import { loadEsrgan, type EsrganScale, type EsrganVariant } from './esrgan-peer.js';
import { CNN_SCALE, loadSmallCnn } from '../baselines/small-cnn.js';
import { SMALL_CNN_DIR } from '../baselines/train-small-cnn.js';
import { DEFAULT_PHOTOS, HELD_OUT_PHOTOS } from '../shared/photo-corpus.js';
import type { BenchTarget } from './target.js';
import { openBenchPage, WEBGPU_BENCH_MODES, type WebGpuBenchMode } from './webgpu-page.js';

const RESULTS = resultsPath('images.json');
const GALLERY = resultsPath('completion-gallery.png');
/** The structure cases the gallery shows: an edge and a line. */
const GALLERY_STRUCTURE_CASES = [0, 1];

/** The super-resolution ablation's previous version: the point-set neighbourhood-feature model (issue 11). */
const PREVIOUS_SUPERRES_MODEL_DIR = join(PRETRAINED_DIR, 'photo-superres');

/** The training photos the constant sharpening is fitted on. */
const SHARPENING_FIT = Array.from({ length: 12 }, (_, i) => `photo_${String(i + 2).padStart(3, '0')}.jpg`);
/** Training photos the completion's σ is calibrated on (`anp bench calibrate`). */
export const CALIBRATION_PHOTOS = Array.from(
  { length: 25 },
  (_, i) => `photo_${String(i + 2).padStart(3, '0')}.jpg`,
).filter((name) => !HELD_OUT_PHOTOS.includes(name));
const SCALES = [2, 2.5, 3, 4, 8];
/** ESRGAN peers and the factors each is scored at (medium only at ×4: it takes ~20 s a photo here). */
const PEERS: [EsrganVariant, EsrganScale[]][] = [
  ['slim', [2, 3, 4, 8]],
  ['medium', [4]],
];

/**
 * The targets on a 2-core machine (wasm): issue 11's for super-resolution, with issue 26's speed
 * (median of 3, ESRGAN-slim from the same run); issue 25's for completion (the completion table's
 * rows state them too, completion-rows.ts).
 */
const TARGETS = {
  upscaleX4Of512Seconds: 12,
  upscaleX4OverEsrganSlim: 2,
  learnedGainX4Db: 1,
  learnedGainX2X8Db: 0.5,
  sigmaWithin1Range: [0.6, 0.76],
  completion4SamplesSeconds: 10,
  peakRssMbFor4096: 1536,
  // On photos (strokes and 64² boxes), k = 4; best classical = the best of the classical fill, Telea, FSR_FAST.
  meanOverBestClassicalDb: 0,
  meanOverBestClassicalAimDb: 0.5,
  structureMeanOverTeleaDb: 3,
  samplePsnrBelowMeanDb: 3.5,
  sampleAverageOverSampleDb: 1.5,
  rankHistogramBinRange: [0.15, 0.25],
  sampleDiversityLevels: 6,
  blockDiversityLevels: 5,
  textureRatioRange: [0.7, 1.3],
  completionSigmaWithin1Range: [0.6, 0.76],
  completionSigmaWithin2Range: [0.9, 0.98],
  spearmanSigmaErrorMin: 0.3,
};

/** Wall seconds, and CPU seconds of the whole process (all threads): the work done, whatever the load. */
interface SpeedRow {
  workers: number;
  /** WebGPU rows: the adapter (a headless Chromium's compute page); absent on the Node threads. */
  webgpu?: string;
  upscaleX4Seconds: number;
  upscaleX4CpuSeconds: number;
  upscaleX4OutputMpPerSecond: number;
  upscaleX4Runs: number[];
  upscaleX37Seconds: number;
  upscaleX37CpuSeconds: number;
  upscaleX37Runs: number[];
  /** The ×4's wall time over ESRGAN's ×4 of the same photo (on this thread, same run). */
  upscaleX4OverEsrganSlim?: number;
  upscaleX4OverEsrganMedium?: number;
  /** k = 4 samples of a 64×64 hole in a 1728×1152 photo: the median run, and every run. */
  completion4SamplesSeconds: number;
  completion4SamplesCpuSeconds: number;
  completion4SamplesRuns: number[];
}

const spec = {
  model: { type: 'string', short: 'm' },
  'upscale-model': { type: 'string' },
  'previous-upscale-model': { type: 'string' },
  'skip-previous': { type: 'boolean' },
  'skip-peers': { type: 'boolean' },
  photos: { type: 'string' },
  images: { type: 'number', integer: true, min: 1 },
  size: { type: 'number', integer: true, min: 64, max: 2048 },
  'skip-quality': { type: 'boolean' },
  'skip-speed': { type: 'boolean' },
  webgpu: { type: 'string' },
  'skip-rss': { type: 'boolean' },
  'write-card': { type: 'boolean' },
  'ablation-model': { type: 'string' },
  'skip-ablation': { type: 'boolean' },
  'structure-cases': { type: 'number', integer: true, min: 0, max: STRUCTURE_CASES },
  'skip-gallery': { type: 'boolean' },
} as const;

interface SpeedInputs {
  /** The 512×512 photo the ×4 upscale row enlarges. */
  small: string;
  completion: SpeedInput;
}

async function prepareInputs(dir: string, photo: string): Promise<SpeedInputs> {
  const small = join(dir, 'photo-512.png');
  await sharp(photo).autoOrient().resize(512, 512, { fit: 'cover' }).removeAlpha().png().toFile(small);
  return { small, completion: await prepareCompletionSpeedInput(dir, photo) };
}

/** Speed targets are medians: each timing is run this many times and the median run kept. */
const SPEED_REPEATS = 3;

type EsrganTimings = Awaited<ReturnType<typeof timeEsrganX4>>;

const RATIO_FIELDS: Record<EsrganVariant, 'upscaleX4OverEsrganSlim' | 'upscaleX4OverEsrganMedium'> = {
  slim: 'upscaleX4OverEsrganSlim',
  medium: 'upscaleX4OverEsrganMedium',
};

/** The row with its ×4's wall time over each ESRGAN's that was measured. */
function withEsrganRatios(row: SpeedRow, esrgan: EsrganTimings): SpeedRow {
  const ratios = ESRGAN_SPEED_VARIANTS.flatMap((variant) => {
    const timing = esrgan[`ESRGAN-${variant}`];
    return timing && 'seconds' in timing
      ? [[RATIO_FIELDS[variant], row.upscaleX4Seconds / timing.seconds]]
      : [];
  });
  return { ...row, ...Object.fromEntries(ratios) };
}

/** Times the jobs on the pool (`name` keeps its output files apart), then closes it. */
async function measureSpeed(
  models: { upscale: ModelRef; complete: ModelRef },
  pool: InferencePool,
  name: string,
  inputs: SpeedInputs,
  dir: string,
): Promise<Omit<SpeedRow, 'webgpu'>> {
  const { workers } = pool;
  try {
    const up = await timeModelUpscales({
      model: models.upscale,
      pool,
      input: inputs.small,
      outDir: dir,
      name,
      repeats: SPEED_REPEATS,
    });
    const [x4, x37] = UPSCALE_SPEED_SCALES.map((scale) => up[speedKey(scale)]!);
    const completion = await timeCompletion(
      { model: models.complete, pool, outDir: join(dir, `inpaint-${name}`), repeats: SPEED_REPEATS },
      inputs.completion,
    );
    return {
      workers,
      upscaleX4Seconds: x4!.seconds,
      upscaleX4CpuSeconds: x4!.cpuSeconds,
      upscaleX4OutputMpPerSecond: x4!.outputPixels / 1e6 / x4!.seconds,
      upscaleX4Runs: x4!.runSeconds,
      upscaleX37Seconds: x37!.seconds,
      upscaleX37CpuSeconds: x37!.cpuSeconds,
      upscaleX37Runs: x37!.runSeconds,
      completion4SamplesSeconds: completion.seconds,
      completion4SamplesCpuSeconds: completion.cpuSeconds,
      completion4SamplesRuns: completion.runSeconds,
    };
  } finally {
    await pool.dispose();
  }
}

/** The speed row on a headless Chromium's WebGPU, or why there is none. */
async function measureWebGpuSpeed(
  models: { upscale: ModelRef; complete: ModelRef },
  mode: WebGpuBenchMode,
  inputs: SpeedInputs,
  dir: string,
): Promise<SpeedRow | { skipped: string }> {
  const gpu = await openBenchPage(mode);
  if ('skipped' in gpu) return gpu;
  console.error(`speed on WebGPU (${gpu.device})…`);
  try {
    const row = await measureSpeed(
      models,
      createPagePool(gpu.page.channel, { backend: 'webgpu', acceptSoftware: mode === 'on' }),
      'webgpu',
      inputs,
      dir,
    );
    return { ...row, webgpu: gpu.device };
  } finally {
    await gpu.page.close();
  }
}

async function measurePeakRss(model: ModelRef, workers: number, input: string, dir: string) {
  const probe = fileURLToPath(new URL('./rss-probe.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', probe, input, join(dir, 'x8-4096.png'), '8', String(workers), model.dir],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    width: number;
    height: number;
    seconds: number;
    cpuSeconds: number;
    peakRssMb: number;
  };
}

const fmt = (v: number | undefined, digits = 2): string =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);

type Rss = Awaited<ReturnType<typeof measurePeakRss>>;

/** A model folder and the snapshot it holds. */
interface ModelStamp {
  dir: string;
  createdAt?: string;
  step?: number;
}

/** Each section says when and with which snapshot of the model it was measured. */
interface Stamp {
  measuredAt: string;
  /** The 1-minute load average when the section started: other work on a shared machine slows it. */
  loadAverage: number;
  /** The same when it ended (where the section records it). */
  loadAverageEnd?: number;
  model: ModelStamp;
}

const readManifest = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    config?: Record<string, unknown>;
    createdAt?: string;
    metrics?: { step?: number };
  };

async function modelStamp(dir: string): Promise<ModelStamp> {
  const manifest = await readManifest(dir);
  return { dir, createdAt: manifest.createdAt, step: manifest.metrics?.step };
}

/** The FLOPs of the upscale model's jobs as the app tiles them, where it is a grid super-resolution model. */
async function superResFlops(model: ModelStamp, workers: number): Promise<Results['flops']> {
  const { config } = await readManifest(model.dir);
  if (config?.kind !== 'grid-superres') return undefined;
  const rows = superResFlopsRows(validateSuperResConfig(config), workers, FLOPS_SIDE);
  return { model, side: FLOPS_SIDE, workers, rows };
}

/** The super-resolution ablation's previous version: its model and its scores per factor. */
interface PreviousVersionResult {
  model: ModelStamp;
  superResolution: PreviousScores;
}

/** The completion's ablation: another model's scores from the same run (the point-set `photo`). */
interface AblationResult {
  model: ModelStamp;
  inpainting: CompletionMetrics;
}

interface Results {
  date: string;
  machine: ReturnType<typeof machineInfo> & { device: string; workers: number };
  targets: typeof TARGETS;
  speed?: Stamp & {
    repeats?: number;
    rows: SpeedRow[];
    webgpuSkipped?: string;
    /** ESRGAN's ×4 of the same 512² photo on the bench's own thread, by peer name. */
    esrganX4?: EsrganTimings;
  };
  memory?: Stamp & Rss;
  /** The upscale model's FLOPs per output pixel of side² jobs (grid super-resolution models). */
  flops?: { model: ModelStamp; side: number; workers: number; rows: FlopsRow[] };
  quality?: Stamp &
    ImageQualityMetrics & {
      files: string[];
      upscaleModel: string;
      /** The model the completion rows score (the stamp's model is the upscale model). */
      completionModel?: ModelStamp;
      /** Why OpenCV's FSR_FAST row reads n/a, where it does. */
      fsrSkipped?: string;
      ablation?: AblationResult;
      /** The upscale model the model replaces, on the same photos (also a peer column). */
      previousVersion?: PreviousVersionResult;
      sharpening: { fittedOn: string[]; perScale: Record<string, Sharpening> };
    };
}

const snapshot = (model: ModelStamp): string => (model.step !== undefined ? `step ${model.step}` : 'final');

function describeStamp(stamp: Stamp): string {
  const step = snapshot(stamp.model);
  const end = stamp.loadAverageEnd !== undefined ? ` → ${stamp.loadAverageEnd.toFixed(1)}` : '';
  return `[${stamp.measuredAt.slice(0, 16)}Z, model ${step}, load ${stamp.loadAverage.toFixed(1)}${end}]`;
}

/** The speed table's lines: label, the SpeedRow field it shows, decimals, target. */
const SPEED_LINES: [
  string,
  Exclude<
    keyof SpeedRow,
    'workers' | 'webgpu' | 'completion4SamplesRuns' | 'upscaleX4Runs' | 'upscaleX37Runs'
  >,
  number,
  string,
][] = [
  ['×4 of 512×512 (s)', 'upscaleX4Seconds', 1, `≤ ${TARGETS.upscaleX4Of512Seconds} s`],
  ['×4 of 512×512 (CPU s, all threads)', 'upscaleX4CpuSeconds', 1, ''],
  ['×4 of 512×512 (output MP/s)', 'upscaleX4OutputMpPerSecond', 3, ''],
  ['×4 / ESRGAN-slim ×4 (wall)', 'upscaleX4OverEsrganSlim', 2, `≤ ${TARGETS.upscaleX4OverEsrganSlim}`],
  ['×4 / ESRGAN-medium ×4 (wall)', 'upscaleX4OverEsrganMedium', 2, ''],
  ['×3.7 of 512×512 (s)', 'upscaleX37Seconds', 1, ''],
  ['×3.7 of 512×512 (CPU s, all threads)', 'upscaleX37CpuSeconds', 1, ''],
  [
    '4 samples, 64×64 hole in 1728×1152 (s)',
    'completion4SamplesSeconds',
    1,
    `≤ ${TARGETS.completion4SamplesSeconds} s (all workers)`,
  ],
  ['4 samples (CPU s, all threads)', 'completion4SamplesCpuSeconds', 1, ''],
];

function table(result: Results): string {
  const lines: string[] = [];
  const { machine, speed, memory, quality } = result;
  lines.push(
    `machine: ${machine.cpu}, ${machine.cores} cores; backend ${machine.backend} (${machine.device}); node ${machine.node}`,
  );
  if (speed) {
    const rows = speed.rows;
    lines.push(
      '',
      `speed, median of ${speed.repeats ?? 1} ${describeStamp(speed)}`.padEnd(41) +
        rows
          .map((s) => (s.webgpu ? 'WebGPU' : `${s.workers} worker${s.workers > 1 ? 's' : ' '}`).padStart(12))
          .join('') +
        '  target',
    );
    for (const [label, key, digits, target] of SPEED_LINES) {
      lines.push(
        label.padEnd(41) + rows.map((s) => fmt(s[key], digits).padStart(12)).join('') + `  ${target}`,
      );
    }
    for (const [name, timing] of Object.entries(speed.esrganX4 ?? {}))
      lines.push(
        'seconds' in timing
          ? `${name} ×4 of 512×512 on the bench's thread: ${fmt(timing.seconds, 1)} s (${fmt(timing.cpuSeconds, 1)} CPU s; runs ${timing.runSeconds.map((r) => r.toFixed(1)).join(', ')})`
          : `${name} ×4: skipped (${timing.skipped})`,
      );
  }
  const { flops } = result;
  if (flops) lines.push('', ...flopsTable(flops.rows, flops.workers, flops.side));
  if (memory) {
    lines.push(
      `peak RSS for a ${memory.width}×${memory.height} output (×8 of 512×512): ${fmt(memory.peakRssMb, 0)} MB in ${fmt(memory.seconds, 1)} s (${fmt(memory.cpuSeconds, 1)} CPU s) ${describeStamp(memory)}`,
    );
  }
  if (quality) {
    lines.push(
      '',
      `quality: PSNR (dB), mean over ${quality.images} held-out photos at ${quality.size}×${quality.size} ${describeStamp(quality)}`,
    );
    const peerNames = [
      ...new Set(Object.values(quality.superResolution).flatMap((q) => Object.keys(q.peers ?? {}))),
    ];
    lines.push(
      'super-resolution   bicubic  lanczos3 sharpened     model   learned gain  ±1σ   ±2σ  model s' +
        peerNames.map((p) => p.padStart(16)).join(''),
    );
    for (const [scale, q] of Object.entries(quality.superResolution)) {
      lines.push(
        `${scale.padEnd(17)}${fmt(q.bicubic).padStart(8)}${fmt(q.lanczos3).padStart(10)}${fmt(q.sharpened).padStart(10)}${fmt(q.model).padStart(10)}${fmt(q.learnedGain).padStart(15)}${fmt(q.within1Sigma).padStart(6)}${fmt(q.within2Sigma).padStart(6)}${fmt(q.modelSeconds, 1).padStart(9)}` +
          peerNames
            .map((p) => {
              const r = q.peers?.[p];
              return (r ? `${fmt(r.psnr)} (${fmt(r.seconds, 1)} s)` : '—').padStart(16);
            })
            .join(''),
      );
    }
    if (quality.inpainting) {
      const model = quality.completionModel;
      lines.push(
        '',
        `completion${model ? ` by ${basename(model.dir)} (${snapshot(model)})` : ''}: PSNR and SSIM in the hole`,
      );
      if (quality.fsrSkipped) lines.push(`OpenCV FSR_FAST: skipped (${quality.fsrSkipped})`);
      lines.push(...completionText(quality.inpainting, ablationOf(quality.ablation)));
    }
  }
  return lines.join('\n');
}

const ablationOf = (a: AblationResult | undefined): CompletionAblation | undefined =>
  a && { name: basename(a.model.dir), metrics: a.inpainting };

/** The completion ablation: the same holes and structure cases, completed by another model. */
async function scoreAblation(
  model: ModelRef,
  evaluation: Omit<CompletionEvaluation, 'model'>,
): Promise<AblationResult> {
  console.error(`completion ablation: ${basename(model.dir)}…`);
  return {
    model: await modelStamp(model.dir),
    inpainting: await evaluateCompletion({ ...evaluation, model }),
  };
}

/** The ablation's plain ×4 CNN (`anp bench small-cnn`), where one was trained. */
async function smallCnnPeer(): Promise<UpscalePeer[]> {
  const cnn = await loadSmallCnn(SMALL_CNN_DIR);
  if (!cnn) {
    console.error(
      `no small CNN in ${SMALL_CNN_DIR} (train one with 'anp bench small-cnn'); its column is left out`,
    );
    return [];
  }
  return [{ name: 'small CNN', scales: [CNN_SCALE], upscale: async (rgb, w, h) => cnn.upscale(rgb, w, h) }];
}

/** UpscalerJS's ESRGAN models as peers, every factor's model loaded up front (missing ones left out). */
async function esrganPeers(): Promise<UpscalePeer[]> {
  const peers: UpscalePeer[] = [];
  for (const [variant, scales] of PEERS) {
    const loaded = new Map<number, Awaited<ReturnType<typeof loadEsrgan>>>();
    for (const scale of scales) loaded.set(scale, await loadEsrgan(variant, scale));
    const available = scales.filter((scale) => loaded.get(scale));
    if (available.length === 0) continue;
    peers.push({
      name: `ESRGAN-${variant}`,
      scales: available,
      upscale: (rgb, width, height, scale) => loaded.get(scale)!.upscale(rgb, width, height),
    });
  }
  return peers;
}

/** Puts the measured quality into a model's card (the part of it that model is shipped for). */
async function writeQualityCard(
  dir: string,
  quality: ImageQualityMetrics,
  command: string,
  parts: QualityParts,
): Promise<void> {
  const path = join(dir, 'MODEL_CARD.md');
  const card = await readFile(path, 'utf8');
  await writeFile(path, withSection(card, QUALITY_HEADING, renderQualitySection(quality, command, parts)));
}

async function previousResults(): Promise<Partial<Results>> {
  try {
    return JSON.parse(await readFile(RESULTS, 'utf8')) as Partial<Results>;
  } catch {
    return {};
  }
}

export const imagesBench: BenchTarget = {
  name: 'images',
  summary: 'photo model quality vs bicubic/lanczos3/Telea; upscale/completion speed and peak memory',
  async run(argv) {
    const { options: o } = parseArgs(argv, spec);
    const webgpuMode = (o.webgpu ?? 'auto') as WebGpuBenchMode;
    if (!WEBGPU_BENCH_MODES.includes(webgpuMode)) {
      throw new Error(`--webgpu must be one of ${WEBGPU_BENCH_MODES.join(', ')}`);
    }
    const model: ModelRef = { id: 'bench', dir: resolve(o.model ?? COMPLETION_MODEL_DIR) };
    const ablationModel: ModelRef = {
      id: 'bench-ablation',
      dir: resolve(o['ablation-model'] ?? DEFAULT_MODEL_DIR),
    };
    const upscaleModel: ModelRef = {
      id: 'bench-upscale',
      dir: resolve(o['upscale-model'] ?? SUPERRES_MODEL_DIR),
    };
    const previousModel: ModelRef = {
      id: 'bench-previous-upscale',
      dir: resolve(o['previous-upscale-model'] ?? PREVIOUS_SUPERRES_MODEL_DIR),
    };
    const photosDir = resolve(o.photos ?? DEFAULT_PHOTOS);
    const backend = await initAppBackend('auto');
    const files = HELD_OUT_PHOTOS.map((name) => join(photosDir, name));
    const dir = await mkdtemp(join(tmpdir(), 'anp-bench-images-'));
    const upscaleStamp = await modelStamp(upscaleModel.dir);
    const flops = await superResFlops(upscaleStamp, backend.workers);
    // Taken as a section starts; `ended` adds the load average as it ends.
    const stamp = (): Stamp => ({
      measuredAt: new Date().toISOString(),
      loadAverage: loadavg()[0]!,
      model: upscaleStamp,
    });
    const ended = (started: Stamp): Stamp => ({ ...started, loadAverageEnd: loadavg()[0]! });
    // A section skipped this time keeps its earlier measurement (with that measurement's stamp).
    const previous = await previousResults();
    const result: Results = {
      date: new Date().toISOString(),
      machine: {
        ...machineInfo(),
        backend: backend.backend,
        device: backend.device,
        workers: backend.workers,
      },
      targets: TARGETS,
      ...(previous.speed ? { speed: previous.speed } : {}),
      ...(previous.memory ? { memory: previous.memory } : {}),
      ...(previous.quality ? { quality: previous.quality } : {}),
      ...(flops ? { flops } : {}),
    };
    try {
      const inputs = await prepareInputs(dir, files[0]!);
      if (!o['skip-speed']) {
        const started = stamp();
        const rows: SpeedRow[] = [];
        const models = { upscale: upscaleModel, complete: model };
        for (const workers of [...new Set([1, backend.workers])]) {
          console.error(`speed with ${workers} worker(s)…`);
          rows.push(await measureSpeed(models, createInferencePool({ workers }), `${workers}`, inputs, dir));
        }
        const webgpu = await measureWebGpuSpeed(models, webgpuMode, inputs, dir);
        if ('skipped' in webgpu) console.error(`speed on WebGPU: not measured (${webgpu.skipped})`);
        else rows.push(webgpu);
        console.error('ESRGAN ×4 on this thread…');
        const esrganX4 = await timeEsrganX4(inputs.small, SPEED_REPEATS);
        result.speed = {
          ...ended(started),
          repeats: SPEED_REPEATS,
          rows: rows.map((row) => withEsrganRatios(row, esrganX4)),
          esrganX4,
          ...('skipped' in webgpu ? { webgpuSkipped: webgpu.skipped } : {}),
        };
      }
      if (!o['skip-rss']) {
        console.error('peak memory of a 4096×4096 upscale…');
        const started = stamp();
        const rss = await measurePeakRss(upscaleModel, backend.workers, inputs.small, dir);
        result.memory = { ...ended(started), ...rss };
      }
      if (!o['skip-quality']) {
        const started = stamp();
        const chosen = files.slice(0, o.images ?? files.length);
        const size = o.size ?? 512;
        const structureCases = o['structure-cases'] ?? STRUCTURE_CASES;
        console.error(`fitting the constant sharpening on ${SHARPENING_FIT.length} training photos…`);
        const fitFiles = SHARPENING_FIT.map((name) => join(photosDir, name));
        const perScale = await fitSharpeningPerScale(fitFiles, SCALES, size);
        const fsr = await fsrAvailability();
        if (!fsr.available) console.error(`OpenCV FSR_FAST row skipped (n/a): ${fsr.reason}`);
        console.error(`quality on ${chosen.length} held-out photos…`);
        const peers = o['skip-peers'] ? [] : [...(await smallCnnPeer()), ...(await esrganPeers())];
        const pool = createInferencePool({ workers: backend.workers });
        const onProgress = (p: { message: string }) => console.error(`  ${p.message}`);
        try {
          const scored = await evaluateImageQuality({
            model,
            upscaleModel,
            files: chosen,
            pool,
            size,
            scales: SCALES,
            sharpening: perScale,
            peers,
            fsr: fsr.available,
            structure: structureCases > 0,
            structureCases,
            onProgress,
          });
          let previousVersion: PreviousVersionResult | undefined;
          if (!o['skip-previous']) {
            console.error(`super-resolution by the previous version, ${basename(previousModel.dir)}…`);
            const scores = await scorePreviousVersion(previousModel, {
              files: chosen,
              pool,
              size,
              scales: SCALES,
              sharpening: perScale,
              onProgress,
            });
            previousVersion = { model: await modelStamp(previousModel.dir), superResolution: scores };
          }
          const quality = previousVersion
            ? withPreviousVersion(
                scored,
                previousVersionName(previousModel.dir),
                previousVersion.superResolution,
              )
            : scored;
          const ablation = o['skip-ablation']
            ? undefined
            : await scoreAblation(ablationModel, {
                pool,
                files: chosen,
                size,
                box: 64,
                fsr: fsr.available,
                structure: structureCases > 0,
                structureCases,
                onProgress,
              });
          if (!o['skip-gallery']) {
            const cases = await galleryCases({
              photos: chosen.slice(0, 3),
              size,
              box: 64,
              structureCases: GALLERY_STRUCTURE_CASES,
            });
            await writeCompletionGallery(cases, model, pool, GALLERY);
          }
          if (o['write-card']) {
            const command = `anp bench images ${argv.join(' ')}`.trim();
            await writeQualityCard(model.dir, quality, command, {
              superResolution: false,
              completion: true,
              completionAblation: ablationOf(ablation),
            });
            await writeQualityCard(upscaleModel.dir, quality, command, {
              superResolution: true,
              completion: false,
            });
          }
          result.quality = {
            ...ended(started),
            ...quality,
            files: chosen.map((f) => f.slice(photosDir.length + 1)),
            upscaleModel: upscaleModel.dir,
            completionModel: await modelStamp(model.dir),
            ...(fsr.available ? {} : { fsrSkipped: fsr.reason }),
            ...(ablation ? { ablation } : {}),
            ...(previousVersion ? { previousVersion } : {}),
            sharpening: { fittedOn: SHARPENING_FIT, perScale },
          };
        } finally {
          await pool.dispose();
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(table(result));
    console.log(`wrote ${RESULTS}${o['skip-quality'] || o['skip-gallery'] ? '' : ` and ${GALLERY}`}`);
  },
};
