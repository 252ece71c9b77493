import * as tf from '@tensorflow/tfjs';
import { validateConfig } from './config.js';
import { type CreateModelOptions, createModel } from './factory.js';
import { validateGridConfig, type GridAnpConfig } from './grid/config.js';
import { createGridModel, createSuperResModel, type CreateGridModelOptions } from './grid/factory.js';
import type { GridAnpModel } from './grid/grid-anp.js';
import { validateSuperResConfig, type GridSuperResConfig } from './grid/superres-config.js';
import type { GridSuperResModel } from './grid/superres.js';
import type { NeuralProcess, NPConfig } from './core/types.js';

/** What a manifest can describe: a point-set neural process, a grid ANP or a grid super-resolution ANP. */
type AnyModel = NeuralProcess | GridAnpModel | GridSuperResModel;
type AnyConfig = NPConfig | GridAnpConfig | GridSuperResConfig;

export const MODEL_FORMAT = 'anp-studio-model';
export const MODEL_FORMAT_VERSION = 1;

/** A type alias (not an interface) so it stays assignable to plain JSON records. */
export type ModelManifest<Config extends AnyConfig = AnyConfig> = {
  format: typeof MODEL_FORMAT;
  formatVersion: typeof MODEL_FORMAT_VERSION;
  config: Config;
  /** tfjs weight specs, in the order of the bytes in weights.bin; names are the stable variable names. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  recipe: object | null;
  metrics: object | null;
  /** ISO 8601. */
  createdAt: string;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a manifest alone (format, version, config ranges, weight spec shapes); throws an Error saying what is wrong. */
export function validateManifest(manifest: unknown): ModelManifest {
  if (!isRecord(manifest)) throw new Error('model manifest must be a JSON object');
  if (manifest.format !== MODEL_FORMAT) {
    throw new Error(`model manifest format is '${String(manifest.format)}', expected '${MODEL_FORMAT}'`);
  }
  if (manifest.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `model manifest formatVersion is ${String(manifest.formatVersion)}, this build reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  if (!isRecord(manifest.config)) throw new Error('model manifest has no config object');
  try {
    if (manifest.config.kind === 'grid-anp') validateGridConfig(manifest.config);
    else if (manifest.config.kind === 'grid-superres') validateSuperResConfig(manifest.config);
    else validateConfig(manifest.config);
  } catch (err) {
    throw new Error(`model manifest config is invalid: ${(err as Error).message}`, { cause: err });
  }
  const specs = manifest.weightSpecs;
  if (!Array.isArray(specs)) throw new Error('model manifest has no weightSpecs array');
  specs.forEach((s: unknown, i) => {
    const ok =
      isRecord(s) &&
      typeof s.name === 'string' &&
      s.dtype === 'float32' &&
      Array.isArray(s.shape) &&
      s.shape.every((d) => Number.isInteger(d) && (d as number) >= 0);
    if (!ok)
      throw new Error(
        `model manifest weightSpecs[${i}] must have a name, dtype 'float32' and an integer shape`,
      );
  });
  if (typeof manifest.createdAt !== 'string') throw new Error('model manifest has no createdAt string');
  return manifest as unknown as ModelManifest;
}

type Extras = { recipe?: object; metrics?: object };
type Serialized<Config extends AnyConfig> = {
  manifest: ModelManifest<Config>;
  weights: Uint8Array;
};

export async function serializeModel(model: NeuralProcess, extras?: Extras): Promise<Serialized<NPConfig>>;
export async function serializeModel(
  model: GridAnpModel,
  extras?: Extras,
): Promise<Serialized<GridAnpConfig>>;
export async function serializeModel(
  model: GridSuperResModel,
  extras?: Extras,
): Promise<Serialized<GridSuperResConfig>>;
export async function serializeModel(model: AnyModel, extras?: Extras): Promise<Serialized<AnyConfig>>;
export async function serializeModel(model: AnyModel, extras: Extras = {}): Promise<Serialized<AnyConfig>> {
  const { data, specs } = await tf.io.encodeWeights(model.variables());
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    config: { ...model.config },
    weightSpecs: specs,
    recipe: extras.recipe ?? null,
    metrics: extras.metrics ?? null,
    createdAt: new Date().toISOString(),
  };
  return { manifest, weights: new Uint8Array(data) };
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

/** Names and shapes the config builds versus those in the file; throws listing every difference. */
function checkSpecsMatch(model: AnyModel, specs: tf.io.WeightsManifestEntry[]): void {
  const expected = model.variables();
  const found = new Map(specs.map((s) => [s.name, s.shape]));
  const problems: string[] = [];
  for (const [name, v] of Object.entries(expected)) {
    const shape = found.get(name);
    if (!shape) problems.push(`missing '${name}'`);
    else if (shapeText(shape) !== shapeText(v.shape))
      problems.push(`'${name}' has shape ${shapeText(shape)}, config needs ${shapeText(v.shape)}`);
  }
  for (const name of found.keys()) if (!(name in expected)) problems.push(`unexpected '${name}'`);
  if (problems.length > 0) {
    const shown =
      problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new Error(`model weights do not match the manifest config: ${shown}`);
  }
}

/** The manifest checked and the weights' byte length against it. */
function checkedManifest(manifest: unknown, weights: Uint8Array): ModelManifest {
  const m = validateManifest(manifest);
  const expectedBytes = m.weightSpecs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.byteLength !== expectedBytes) {
    const what = weights.byteLength < expectedBytes ? 'truncated' : 'too long';
    throw new Error(
      `model weights are ${what}: the manifest needs ${expectedBytes} bytes, got ${weights.byteLength}`,
    );
  }
  return m;
}

/** Assigns the file's weights to a model just built from its config; disposes the model on failure. */
function loadWeights<M extends AnyModel>(model: M, m: ModelManifest, weights: Uint8Array): M {
  try {
    checkSpecsMatch(model, m.weightSpecs);
    const buffer = weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer;
    const decoded = tf.io.decodeWeights(buffer, m.weightSpecs);
    const vars = model.variables();
    for (const [name, value] of Object.entries(decoded)) {
      vars[name]!.assign(value);
      value.dispose();
    }
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

export function deserializeModel(
  manifest: unknown,
  weights: Uint8Array,
  options: CreateModelOptions = {},
): NeuralProcess {
  const m = checkedManifest(manifest, weights);
  if (m.config.kind === 'grid-anp')
    throw new Error('this manifest is a grid ANP: load it with deserializeGridModel');
  if (m.config.kind === 'grid-superres')
    throw new Error('this manifest is a grid super-resolution ANP: load it with deserializeSuperResModel');
  return loadWeights(createModel(m.config, options), m, weights);
}

export function deserializeGridModel(
  manifest: unknown,
  weights: Uint8Array,
  options: CreateGridModelOptions = {},
): GridAnpModel {
  const m = checkedManifest(manifest, weights);
  if (m.config.kind !== 'grid-anp')
    throw new Error(
      `this manifest is a '${m.config.kind}' model, not a grid ANP: load it with deserializeModel`,
    );
  return loadWeights(createGridModel(m.config, options), m, weights);
}

export function deserializeSuperResModel(
  manifest: unknown,
  weights: Uint8Array,
  options: CreateGridModelOptions = {},
): GridSuperResModel {
  const m = checkedManifest(manifest, weights);
  if (m.config.kind !== 'grid-superres')
    throw new Error(`this manifest is a '${m.config.kind}' model, not a grid super-resolution ANP`);
  return loadWeights(createSuperResModel(m.config, options), m, weights);
}
