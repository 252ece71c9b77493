/**
 * The browser compute Worker: one tfjs backend (WebGPU, or wasm where there is no adapter), the
 * models it was sent, one request at a time. Bundled on its own by scripts/build.mjs
 * (dist/renderer/gpu/compute-worker.js) and never imported by the UI. Requests come as structured
 * clones (a test's or Electron's compute window) or as binary messages (the browser-mode tab's relay,
 * which passes the web host's bytes through), and are answered the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError, toErrorShape } from '../../api/errors.js';
import { decodeMessage, encodeMessage } from './binary-message.js';
import { timeForward, timeMatMul } from './page-bench.js';
import { evaluateGridJob } from '../grid-eval.js';
import { gridModel, modelFromBytes, pointModel, superResModel, type LoadedModel } from '../model-summary.js';
import { evaluateSuperResJob, superResBuffers } from '../superres-eval.js';
import { evaluateJob } from '../tile-eval.js';
import type { GridResult, SuperResResult, TileResult } from '../protocol.js';
import { startPageBackend, type GpuLike, type PageBackendInfo } from './page-backend.js';
import {
  PAGE_NOT_READY,
  type PageComputeReply,
  type PageComputeRequest,
  type PageComputeValues,
} from './page-protocol.js';

/** The parts of a dedicated worker's global scope used here. */
interface WorkerScope {
  navigator: { gpu?: GpuLike };
  location: { href: string };
  addEventListener(
    type: 'message',
    listener: (event: { data: PageComputeRequest | ArrayBuffer }) => void,
  ): void;
  postMessage(message: PageComputeReply | ArrayBuffer, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const models = new Map<string, LoadedModel>();
let backend: Promise<PageBackendInfo> | undefined;

function started(): Promise<PageBackendInfo> {
  if (!backend) throw new ApiError('INTERNAL', PAGE_NOT_READY);
  return backend;
}

function loaded(modelKey: string): LoadedModel {
  const entry = models.get(modelKey);
  if (!entry) throw new ApiError('INTERNAL', `${PAGE_NOT_READY} (${modelKey})`);
  return entry;
}

async function handle(request: PageComputeRequest): Promise<PageComputeValues[keyof PageComputeValues]> {
  switch (request.type) {
    case 'start':
      if (!backend) {
        // The wasm binaries sit beside this script. A backend that did not start may be retried.
        const starting = startPageBackend(
          request.choice,
          scope.navigator.gpu,
          new URL('./', scope.location.href).href,
        );
        starting.catch(() => (backend = undefined));
        backend = starting;
      }
      return backend;
    case 'load': {
      await started();
      models.get(request.modelKey)?.model.dispose();
      const entry = modelFromBytes(request.manifest, request.weights, request.modelKey);
      models.set(request.modelKey, entry);
      return entry.summary;
    }
    case 'evaluate': {
      await started();
      const entry = loaded(request.modelKey);
      return evaluateJob(pointModel(entry), request.job, entry.summary.sigmaScale);
    }
    case 'grid': {
      await started();
      const entry = loaded(request.modelKey);
      return evaluateGridJob(gridModel(entry), request.job, entry.summary.sigmaScale);
    }
    case 'superres': {
      await started();
      const entry = loaded(request.modelKey);
      return evaluateSuperResJob(superResModel(entry), request.job, entry.summary.sigmaScale);
    }
    case 'tensors':
      return tf.memory().numTensors;
    case 'timeMatMul':
      await started();
      return timeMatMul(request.m, request.k, request.n, request.reps);
    case 'timeForward':
      await started();
      return timeForward(pointModel(loaded(request.modelKey)), request.timing);
  }
}

function buffersOf(value: unknown): ArrayBuffer[] {
  if (isGridResult(value)) return [value.values.buffer as ArrayBuffer, value.std.buffer as ArrayBuffer];
  if (isSuperResResult(value)) return superResBuffers(value);
  if (!Array.isArray(value)) return [];
  return (value as TileResult[]).flatMap((r) =>
    [r.mean, r.std, ...r.samples].map((a) => a.buffer as ArrayBuffer),
  );
}

const isGridResult = (value: unknown): value is GridResult =>
  typeof value === 'object' && value !== null && (value as GridResult).values instanceof Float32Array;

const isSuperResResult = (value: unknown): value is SuperResResult =>
  typeof value === 'object' && value !== null && (value as SuperResResult).z instanceof Float32Array;

async function answer(request: PageComputeRequest): Promise<PageComputeReply> {
  try {
    return { id: request.id, ok: true, value: await handle(request) };
  } catch (err) {
    return { id: request.id, ok: false, error: toErrorShape(err) };
  }
}

let queue = Promise.resolve();
scope.addEventListener('message', ({ data }) => {
  queue = queue.then(async () => {
    if (data instanceof ArrayBuffer) {
      const bytes = encodeMessage(await answer(decodeMessage(data) as PageComputeRequest));
      scope.postMessage(bytes, [bytes]);
    } else {
      const reply = await answer(data);
      scope.postMessage(reply, reply.ok ? buffersOf(reply.value) : []);
    }
  });
});
