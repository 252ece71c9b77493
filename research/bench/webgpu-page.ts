/**
 * The benches' WebGPU: a headless Chromium's compute page (Node has none). `auto` measures on a
 * hardware adapter only; `on` also on an emulated one (SwiftShader: a CPU emulation, measured to be
 * reported, not tuned for); `off` skips it. What was not measured says why.
 */
import { startHeadlessPage, type HeadlessPage } from '../../app/compute/webgpu/headless-chromium.js';

export type WebGpuBenchMode = 'auto' | 'on' | 'off';
export const WEBGPU_BENCH_MODES: readonly WebGpuBenchMode[] = ['auto', 'on', 'off'];

export type BenchPage = { page: HeadlessPage; device: string } | { skipped: string };

export async function openBenchPage(mode: WebGpuBenchMode): Promise<BenchPage> {
  if (mode === 'off') return { skipped: 'not asked for (--webgpu off)' };
  let page: HeadlessPage;
  try {
    page = await startHeadlessPage();
  } catch (err) {
    return { skipped: err instanceof Error ? err.message : String(err) };
  }
  try {
    const acceptSoftware = mode === 'on';
    const { device } = await page.channel.request({
      type: 'start',
      choice: { backend: 'webgpu', acceptSoftware },
    });
    return { page, device };
  } catch (err) {
    await page.close();
    const why = err instanceof Error ? err.message : String(err);
    return { skipped: mode === 'auto' ? `${why}; --webgpu on measures it anyway` : why };
  }
}
