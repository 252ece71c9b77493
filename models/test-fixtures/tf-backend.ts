import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFastWasmMatMul } from '../index.js';

/** Switches tfjs to `name`; wasm falls back to cpu (with a warning) where its module cannot start. Returns the backend in use. */
export async function useBackend(name: 'wasm' | 'cpu'): Promise<string> {
  try {
    await tf.setBackend(name);
    await tf.ready();
    installFastWasmMatMul();
  } catch (err) {
    if (name !== 'wasm') throw err;
    console.warn(`wasm backend failed to start (${String(err)}); testing on cpu instead`);
    await tf.setBackend('cpu');
  }
  return tf.getBackend();
}

/** The backends this machine can run the tests on. */
export const TEST_BACKENDS = ['wasm', 'cpu'] as const;
