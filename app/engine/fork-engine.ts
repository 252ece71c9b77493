/** Starts the engine as a Node child process (browser mode, CLI, tests); Electron uses a utilityProcess. */
import { fork } from 'node:child_process';
import type { PageChannel } from '../compute/webgpu/page-channel.js';
import { EngineClient, ENGINE_BOOTSTRAP } from './engine-client.js';
import type { FromEngine } from './protocol.js';

/** `compute`: the browser compute page (WebGPU) the engine may use; none for the CLI and tests. */
export async function forkEngine(
  env: NodeJS.ProcessEnv = process.env,
  compute?: PageChannel,
): Promise<EngineClient> {
  const entry = new URL(`./${ENGINE_BOOTSTRAP}`, import.meta.url);
  const child = fork(entry, [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const client = new EngineClient(
    {
      send: (message) => child.send(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as FromEngine)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
      pid: child.pid,
    },
    compute,
  );
  await client.ready;
  return client;
}
