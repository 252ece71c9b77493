import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';

/** Where and on what a result was measured. */
export function machineInfo() {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    backend: tf.getBackend(),
    tfjs: tf.version_core,
  };
}
