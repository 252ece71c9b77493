import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PREFERENCES, type BackendPreference, type WebGpuSource } from '../../../models/backend.js';
import { ApiError } from '../../api/errors.js';
import { initAppBackend, resolvePreference } from '../../compute/backend-choice.js';
import { modelFromBytes } from '../../compute/model-summary.js';
import { startHeadlessPage } from '../../compute/webgpu/headless-chromium.js';
import { pageWebGpu } from '../../compute/webgpu/page-webgpu.js';
import { verifyImage } from '../../imaging/decode.js';
import { modelFolderInfo } from '../../engine/model-registry.js';
import { assertInputFile } from '../../imaging/input-file.js';
import { loadModelDir, MANIFEST_FILE } from '../../model-files.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]} (${bytes} bytes)`;
}

function table(rows: [string, string | number][]): string {
  return rows.map(([key, value]) => `${key.padEnd(12)}${value}`).join('\n');
}

/** Node has no WebGPU: asked for by name, it is tried in a headless Chromium. */
async function engineReport(preference: BackendPreference, json: boolean): Promise<string> {
  let info;
  let closePage: (() => Promise<void>) | undefined;
  try {
    const options: { webgpu?: WebGpuSource } = {};
    if (resolvePreference(preference) === 'webgpu') {
      const page = await startHeadlessPage();
      closePage = page.close;
      options.webgpu = pageWebGpu(page.channel);
    }
    info = await initAppBackend(preference, options);
  } catch (err) {
    throw new ApiError('MODEL_ERROR', err instanceof Error ? err.message : String(err));
  } finally {
    await closePage?.();
  }
  if (json) return JSON.stringify(info, null, 2);
  const reasons = info.fallbackReasons.length ? info.fallbackReasons : ['none'];
  return table([
    ['backend', info.backend],
    ['package', `${info.package} ${info.version}`],
    ['device', info.device],
    ['workers', info.workers],
    ...reasons.map((reason, i): [string, string] => [i === 0 ? 'fallbacks' : '', reason]),
  ]);
}

async function imageReport(path: string, json: boolean): Promise<string> {
  const name = basename(path);
  await assertInputFile(path);
  const probe = await verifyImage(path, name);
  const { size } = await stat(path);
  if (json) return JSON.stringify({ path, ...probe, sizeBytes: size }, null, 2);
  return table([
    ['file', path],
    ['format', probe.format],
    ['size', `${probe.width}×${probe.height} (upright)`],
    ['channels', probe.channels],
    ['alpha', probe.hasAlpha ? 'yes' : 'no'],
    ['bit depth', probe.bitDepth],
    ['orientation', `${probe.orientation} (EXIF)`],
    ...(probe.frames > 1 ? [['frames', `${probe.frames} (only the first is used)`] as [string, string]] : []),
    ['file size', formatBytes(size)],
  ]);
}

/** A model folder as the app loads it: what it is, the tasks it does, its size and calibration. */
async function modelReport(dir: string, json: boolean): Promise<string> {
  const { manifest, weights } = await loadModelDir(dir);
  const folder = await modelFolderInfo(dir);
  await initAppBackend('auto');
  const loaded = modelFromBytes(manifest, weights, dir);
  loaded.model.dispose();
  const { summary } = loaded;
  const about = {
    path: dir,
    name: folder?.name ?? dir,
    kind: folder?.kind ?? 'unknown',
    tasks: folder?.tasks ?? [],
    channels: summary.yDim,
    parameters: summary.parameters,
    sigmaScale: summary.sigmaScale,
    ...(summary.superRes ? { halo: summary.superRes.halo } : {}),
    description: folder?.description ?? '',
  };
  if (json) return JSON.stringify(about, null, 2);
  return table([
    ['model', dir],
    ['name', about.name],
    ['kind', about.kind],
    ['tasks', about.tasks.join(', ') || 'none'],
    ['channels', about.channels],
    ['parameters', about.parameters.toLocaleString('en-US')],
    ['σ scale', about.sigmaScale],
    ...(about.halo !== undefined
      ? [['tile halo', `${about.halo} low-resolution pixels`] as [string, string]]
      : []),
    ...(about.description ? [['about', about.description] as [string, string]] : []),
  ]);
}

/** A folder with a manifest; any other path is read as an image (a bare folder is refused there). */
const isModelFolder = (path: string): Promise<boolean> =>
  stat(join(path, MANIFEST_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );

export const info: CliCommand = {
  name: 'info',
  summary:
    'show the compute engine (backend, device, workers), an image file’s properties or a model folder’s',
  usage: [
    `usage: anp info [IMAGE] [--json] [--backend ${PREFERENCES.join('|')}]`,
    '       anp info MODEL_DIR [--json]',
    '',
    'Without IMAGE: the tfjs backend this machine runs, its package and version, the device, the',
    'number of inference workers, and why faster backends were not used, in the order tried: CUDA',
    '(tfjs-node-gpu), WebGPU, native CPU (tfjs-node), wasm, cpu (ANP_BACKEND forces one). Node has no',
    'WebGPU: --backend webgpu tries it in a headless Chromium (ANP_CHROMIUM, or /usr/bin/chromium).',
    'With IMAGE: format, upright size, channels, alpha, bit depth, EXIF orientation and file size.',
    'With MODEL_DIR (a model folder): its name, kind, the tasks it does, channels, parameters, σ scale.',
  ].join('\n'),
  async run(argv) {
    const { options, positionals } = parseArgs(argv, {
      json: { type: 'boolean' },
      backend: { type: 'string' },
    });
    const backend = (options.backend ?? 'auto') as BackendPreference;
    if (!PREFERENCES.includes(backend)) {
      throw new ApiError('INVALID_ARGUMENT', `--backend must be one of ${PREFERENCES.join(', ')}`);
    }
    if (positionals.length > 1)
      throw new ApiError('INVALID_ARGUMENT', 'info takes at most one image or model folder');
    const [path] = positionals;
    const json = options.json ?? false;
    const report = !path
      ? await engineReport(backend, json)
      : (await isModelFolder(path))
        ? await modelReport(path, json)
        : await imageReport(path, json);
    process.stdout.write(`${report}\n`);
    return 0;
  },
};
