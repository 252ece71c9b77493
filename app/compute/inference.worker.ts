/** One inference thread: its own tfjs backend, its own loaded models, one request at a time. */
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { initAppBackend } from './backend-choice.js';
import { toErrorShape } from '../api/errors.js';
import { evaluateGridJob } from './grid-eval.js';
import { loadedModelTensors, loadModel } from './model-cache.js';
import { gridModel, pointModel, superResModel } from './model-summary.js';
import type { TileResult, WorkerReply, WorkerRequest } from './protocol.js';
import { evaluateSuperResJob, superResBuffers } from './superres-eval.js';
import { evaluateJob } from './tile-eval.js';

const port = parentPort!;
const ready = initAppBackend();

async function handle(request: WorkerRequest): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  await ready;
  if (request.type === 'tensors')
    return { value: tf.memory().numTensors - loadedModelTensors(), transfer: [] };
  const entry = await loadModel(request.modelDir);
  const { summary } = entry;
  if (request.type === 'describe') return { value: summary, transfer: [] };
  if (request.type === 'grid') {
    const result = evaluateGridJob(gridModel(entry), request.job, summary.sigmaScale);
    return {
      value: result,
      transfer: [result.values.buffer as ArrayBuffer, result.std.buffer as ArrayBuffer],
    };
  }
  if (request.type === 'superres') {
    const result = await evaluateSuperResJob(superResModel(entry), request.job, summary.sigmaScale);
    return { value: result, transfer: superResBuffers(result) };
  }
  const results = await evaluateJob(pointModel(entry), request.job, summary.sigmaScale);
  return { value: results, transfer: results.flatMap(buffersOf) };
}

function buffersOf(result: TileResult): ArrayBuffer[] {
  return [result.mean, result.std, ...result.samples].map((a) => a.buffer as ArrayBuffer);
}

let queue = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const done = await handle(request);
      reply = { id: request.id, ok: true, value: done.value };
      transfer = done.transfer;
    } catch (err) {
      reply = { id: request.id, ok: false, error: toErrorShape(err) };
    }
    port.postMessage(reply, transfer);
  });
});
