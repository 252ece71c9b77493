/** Starts the engine as a Node child process (browser mode, CLI, tests); Electron uses a utilityProcess. */
import { fork } from 'node:child_process';
import { EngineClient, ENGINE_BOOTSTRAP } from './engine-client.js';
import type { FromEngine } from './protocol.js';

export async function forkEngine(env: NodeJS.ProcessEnv = process.env): Promise<EngineClient> {
  const entry = new URL(`./${ENGINE_BOOTSTRAP}`, import.meta.url);
  const child = fork(entry, [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const client = new EngineClient({
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as FromEngine)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill(),
    pid: child.pid,
  });
  await client.ready;
  return client;
}
