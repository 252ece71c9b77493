/** Starts the engine in an Electron utilityProcess and wraps it in the same EngineClient as Node's fork. */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { PageChannel } from '../app/compute/webgpu/page-channel.js';
import { EngineClient, ENGINE_BOOTSTRAP } from '../app/engine/engine-client.js';
import type { FromEngine } from '../app/engine/protocol.js';

/** `compute`: the hidden window the engine may run WebGPU inference in. */
export function startEngineProcess(
  appRoot: string,
  env: NodeJS.ProcessEnv,
  compute: PageChannel,
): EngineClient {
  const child = utilityProcess.fork(join(appRoot, 'app', 'engine', ENGINE_BOOTSTRAP), [], {
    env,
    serviceName: 'ANP Studio engine',
    stdio: 'inherit',
  });
  return new EngineClient(
    {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromEngine)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
      get pid() {
        return child.pid;
      },
    },
    compute,
  );
}
