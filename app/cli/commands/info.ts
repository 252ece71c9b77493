import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { PREFERENCES, type BackendPreference, type WebGpuSource } from '../../../models/backend.js';
import { ApiError } from '../../api/errors.js';
import { initAppBackend, resolvePreference } from '../../compute/backend-choice.js';
import { startHeadlessPage } from '../../compute/webgpu/headless-chromium.js';
import { pageWebGpu } from '../../compute/webgpu/page-webgpu.js';
import { verifyImage } from '../../imaging/decode.js';
import { assertInputFile } from '../../imaging/input-file.js';
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

export const info: CliCommand = {
  name: 'info',
  summary: 'show the compute engine (backend, device, workers) or an image file’s properties',
  usage: [
    `usage: anp info [IMAGE] [--json] [--backend ${PREFERENCES.join('|')}]`,
    '',
    'Without IMAGE: the tfjs backend this machine runs, its package and version, the device, the',
    'number of inference workers, and why faster backends were not used, in the order tried: CUDA',
    '(tfjs-node-gpu), WebGPU, native CPU (tfjs-node), wasm, cpu (ANP_BACKEND forces one). Node has no',
    'WebGPU: --backend webgpu tries it in a headless Chromium (ANP_CHROMIUM, or /usr/bin/chromium).',
    'With IMAGE: format, upright size, channels, alpha, bit depth, EXIF orientation and file size.',
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
    if (positionals.length > 1) throw new ApiError('INVALID_ARGUMENT', 'info takes at most one image');
    const [image] = positionals;
    const json = options.json ?? false;
    process.stdout.write(`${image ? await imageReport(image, json) : await engineReport(backend, json)}\n`);
    return 0;
  },
};
