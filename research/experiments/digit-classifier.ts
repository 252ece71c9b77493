/**
 * A small digit classifier (an MLP: pixels → ReLU hidden layer → 10 logits) that reads the MNIST
 * completions. Trained with Adam on cross-entropy, mini-batches in a seeded order. An MLP rather than a
 * CNN: tfjs-backend-wasm has no Conv2DBackpropFilter, so a convolution cannot be trained here.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../models/nn/params.js';
import { writeFileAtomic } from '../../app/util/atomic-write.js';
import { permutation } from './pixel-tasks.js';

export const DIGIT_CLASSES = 10;

export interface ClassifierOptions {
  hidden: number;
  epochs: number;
  batch: number;
  learningRate: number;
  seed: number;
}

export const CLASSIFIER_DEFAULTS: ClassifierOptions = {
  hidden: 256,
  epochs: 12,
  batch: 64,
  learningRate: 1e-3,
  seed: 5,
};

export interface DigitClassifier {
  readonly inputs: number;
  readonly hidden: number;
  /** The most likely class of each image. */
  classify(images: Float32Array[]): Int32Array;
  /** Kernels and biases, layer by layer (copies). */
  weights(): Float32Array[];
  dispose(): void;
}

function glorot(rows: number, cols: number, rand: () => number): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, () => (2 * rand() - 1) * limit);
}

/** Seeded Glorot-uniform kernels and zero biases. */
function initialWeights(inputs: number, hidden: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return [
    glorot(inputs, hidden, rand),
    new Float32Array(hidden),
    glorot(hidden, DIGIT_CLASSES, rand),
    new Float32Array(DIGIT_CLASSES),
  ];
}

function stackImages(images: Float32Array[], inputs: number): tf.Tensor2D {
  const flat = new Float32Array(images.length * inputs);
  images.forEach((img, i) => flat.set(img, i * inputs));
  return tf.tensor2d(flat, [images.length, inputs]);
}

class MlpDigitClassifier implements DigitClassifier {
  readonly variables: tf.Variable[];

  constructor(
    readonly inputs: number,
    readonly hidden: number,
    weights: Float32Array[],
  ) {
    const shapes = [[inputs, hidden], [hidden], [hidden, DIGIT_CLASSES], [DIGIT_CLASSES]];
    this.variables = weights.map((w, i) => tf.variable(tf.tensor(w, shapes[i]), true));
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    const [w1, b1, w2, b2] = this.variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
  }

  classify(images: Float32Array[]): Int32Array {
    const out = new Int32Array(images.length);
    for (let start = 0; start < images.length; start += 256) {
      const part = images.slice(start, start + 256);
      const classes = tf.tidy(() => this.logits(stackImages(part, this.inputs)).argMax(-1));
      out.set(classes.dataSync(), start);
      classes.dispose();
    }
    return out;
  }

  weights(): Float32Array[] {
    return this.variables.map((v) => Float32Array.from(v.dataSync()));
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** Trains a new classifier on `images` (each `inputs` values in [0, 1]) with labels 0–9. */
export function trainDigitClassifier(
  images: Float32Array[],
  labels: Int32Array,
  o: ClassifierOptions,
): DigitClassifier {
  const inputs = images[0]!.length;
  const classifier = new MlpDigitClassifier(inputs, o.hidden, initialWeights(inputs, o.hidden, o.seed));
  const optimizer = tf.train.adam(o.learningRate);
  const rand = mulberry32(o.seed + 1);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = permutation(images.length, rand);
    for (let start = 0; start + o.batch <= images.length; start += o.batch) {
      const idx = Array.from(order.subarray(start, start + o.batch));
      tf.tidy(() => {
        const x = stackImages(
          idx.map((i) => images[i]!),
          inputs,
        );
        const y = tf.oneHot(
          tf.tensor1d(
            idx.map((i) => labels[i]!),
            'int32',
          ),
          DIGIT_CLASSES,
        );
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, classifier.logits(x)) as tf.Scalar,
          false,
          classifier.variables,
        );
      });
    }
  }
  optimizer.dispose();
  return classifier;
}

/** Share of `predicted` equal to `labels`. */
export function accuracy(predicted: Int32Array, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length || predicted.length === 0)
    throw new RangeError(
      `accuracy needs as many predictions as labels (${predicted.length}, ${labels.length})`,
    );
  let right = 0;
  predicted.forEach((p, i) => {
    if (p === labels[i]) right++;
  });
  return right / predicted.length;
}

interface SavedClassifier {
  inputs: number;
  hidden: number;
  /** Each layer's values, little-endian float32, base64. */
  weights: string[];
}

export async function saveDigitClassifier(path: string, c: DigitClassifier): Promise<void> {
  const saved: SavedClassifier = {
    inputs: c.inputs,
    hidden: c.hidden,
    weights: c.weights().map((w) => Buffer.from(w.buffer).toString('base64')),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(saved));
}

/** The classifier saved at `path`, or null where there is none. */
export async function loadDigitClassifier(path: string): Promise<DigitClassifier | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  const saved = JSON.parse(text) as SavedClassifier;
  const weights = saved.weights.map((b64) => {
    const bytes = Buffer.from(b64, 'base64');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  });
  return new MlpDigitClassifier(saved.inputs, saved.hidden, weights);
}
