/**
 * The engine process: hosts one Engine and speaks the protocol in ./protocol.ts with its parent,
 * through `process.parentPort` under Electron's utilityProcess or `process.send` under Node's fork.
 * Start it with ./process-bootstrap.mjs, which registers tsx first.
 */
import { toErrorShape } from '../api/errors.js';
import { backendFromSettings, modelDirsFromEnv, pathPolicyFromEnv } from './config.js';
import { Engine } from './engine.js';
import { ParentComputeChannel } from './parent-compute.js';
import { isToEngine, type FromEngine, type ToEngine } from './protocol.js';

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Channel {
  post(message: FromEngine): void;
  onMessage(listener: (message: unknown) => void): void;
}

function openChannel(): Channel {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', ({ data }) => listener(data)),
    };
  }
  if (!process.send)
    throw new Error('the engine process must be started by a parent (utilityProcess or fork)');
  // The parent going away must not leave an orphan engine holding temp files and worker threads.
  process.on('disconnect', () => void shutdown());
  return {
    // After the parent has gone there is no one to tell; the disconnect handler is shutting down.
    post: (message) => {
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => process.on('message', listener),
  };
}

// Declared before anything can await: the parent may disconnect while the engine is still starting.
const state: { engine?: Engine; stopping: boolean } = { stopping: false };
async function shutdown(): Promise<void> {
  if (state.stopping) return;
  state.stopping = true;
  await state.engine?.dispose();
  process.exit(0);
}

const channel = openChannel();
const compute = new ParentComputeChannel((message) => channel.post(message));
const models = modelDirsFromEnv();
// A bad setting must not stop the engine: it says so and picks the backend itself.
const backend = await backendFromSettings(models.settingsPath).catch((err: unknown) => {
  process.stderr.write(
    `anp: ${err instanceof Error ? err.message : String(err)}; choosing the backend itself\n`,
  );
  return 'auto' as const;
});
const ready = await Engine.create({
  compute,
  backend,
  models,
  paths: pathPolicyFromEnv(),
  ...(process.env.ANP_SESSION_DIR ? { sessionDir: process.env.ANP_SESSION_DIR } : {}),
  loadTasks: async () => (await import('./engine-tasks.js')).engineTasks,
});
state.engine = ready;
ready.onEvent((event) => channel.post({ type: 'event', event }));

async function handle(message: ToEngine): Promise<void> {
  if (message.type === 'shutdown') return shutdown();
  if (message.type === 'computeReply') return compute.settle(message);
  try {
    const result = await ready.call(message.method, message.args);
    channel.post({ type: 'reply', id: message.id, ok: true, result });
  } catch (err) {
    channel.post({ type: 'reply', id: message.id, ok: false, error: toErrorShape(err) });
  }
}

channel.onMessage((message) => {
  if (isToEngine(message)) void handle(message);
});
channel.post({ type: 'ready' });
