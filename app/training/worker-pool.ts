/**
 * Where gradients are computed: in this thread (`workers: 0`) or data-parallel over K worker threads,
 * each with its own tfjs backend (wasm runs one thread per backend, so this is how training uses
 * several cores). Every worker gets its own sub-batch; the main thread averages the gradients.
 */
import type { Worker } from 'node:worker_threads';
import type { BackendPreference } from '../../models/backend.js';
import type { LossOptions } from '../../models/core/types.js';
import type { TrainableConfig, TrainableModel } from '../model-factory.js';
import { startTsWorker } from '../util/ts-worker.js';
import type { WorkerRequest } from './gradient.worker.js';
import { GradientReplica, type GradientResult, type TrainingBatch } from './gradients.js';

export interface GradientPool {
  /** Number of sub-batches one step is split into. */
  readonly parts: number;
  /** One result per sub-batch, in order. */
  compute(weights: Float32Array[], batches: TrainingBatch[], seeds: number[]): Promise<GradientResult[]>;
  close(): Promise<void>;
}

/** Computes in this thread, on `model` itself (its weights are overwritten each step). */
export function localPool(model: TrainableModel, loss: LossOptions): GradientPool {
  const replica = new GradientReplica(model.config, model, loss);
  return {
    parts: 1,
    async compute(weights, batches, seeds) {
      return [replica.compute(weights, batches[0]!, seeds[0]!)];
    },
    async close() {},
  };
}

type Reply =
  | { type: 'ready'; names: string[] }
  | ({ type: 'grad' } & GradientResult)
  | { type: 'error'; message: string };

function request(worker: Worker, msg: WorkerRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      cleanup();
      if (reply.type === 'error') reject(new Error(`gradient worker: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`gradient worker exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(msg);
  });
}

/** K worker threads; `names` must be the variable order the caller's weight arrays follow. */
export async function threadPool(
  config: TrainableConfig,
  names: readonly string[],
  workers: number,
  backend: BackendPreference,
  loss: LossOptions,
): Promise<GradientPool> {
  const threads = Array.from({ length: workers }, () =>
    startTsWorker(new URL('./gradient.worker.ts', import.meta.url)),
  );
  const close = async () => {
    await Promise.all(threads.map((t) => t.terminate()));
  };
  try {
    const replies = await Promise.all(
      threads.map((t) => request(t, { type: 'init', config, backend, loss })),
    );
    for (const reply of replies) {
      if (reply.type !== 'ready' || reply.names.join() !== names.join()) {
        throw new Error('a gradient worker built a model with different variables');
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    parts: workers,
    async compute(weights, batches, seeds) {
      const replies = await Promise.all(
        threads.map((t, k) => request(t, { type: 'grad', weights, batch: batches[k]!, seed: seeds[k]! })),
      );
      return replies.map((r) => {
        if (r.type !== 'grad') throw new Error('unexpected reply from a gradient worker');
        return { grads: r.grads, loss: r.loss, nll: r.nll, kl: r.kl };
      });
    },
    close,
  };
}
