/** A gradient worker thread: its own tfjs backend and model replica; see worker-pool.ts. */
import { parentPort } from 'node:worker_threads';
import type { BackendPreference } from '../../models/backend.js';
import { initAppBackend } from '../compute/backend-choice.js';
import type { LossOptions } from '../../models/core/types.js';
import type { TrainableConfig } from '../model-factory.js';
import { GradientReplica, type TrainingBatch } from './gradients.js';

export type WorkerRequest =
  | { type: 'init'; config: TrainableConfig; backend: BackendPreference; loss: LossOptions }
  | { type: 'grad'; weights: Float32Array[]; batch: TrainingBatch; seed: number };

let replica: GradientReplica | null = null;
const port = parentPort!;

port.on('message', async (msg: WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      await initAppBackend(msg.backend);
      replica = new GradientReplica(msg.config, undefined, msg.loss);
      port.postMessage({ type: 'ready', names: replica.names });
      return;
    }
    if (!replica) throw new Error('gradient worker used before init');
    const result = replica.compute(msg.weights, msg.batch, msg.seed);
    port.postMessage(
      { type: 'grad', ...result },
      result.grads.map((g) => g.buffer as ArrayBuffer),
    );
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
