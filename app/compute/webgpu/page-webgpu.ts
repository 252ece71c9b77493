/** The engine's WebGPU source on a browser compute page: WebGPU started there, or why it cannot be. */
import type { WebGpuSource } from '../../../models/backend.js';
import type { PageChannel } from './page-channel.js';

export function pageWebGpu(channel: PageChannel): WebGpuSource {
  return {
    probe: async (acceptSoftware) => {
      const started = await channel.request({ type: 'start', choice: { backend: 'webgpu', acceptSoftware } });
      // A page started earlier keeps its backend.
      if (started.backend !== 'webgpu') throw new Error(`the compute page already runs ${started.backend}`);
      return started.device;
    },
  };
}
