/**
 * The models the user can pick: built-in ones shipped in `models/pretrained/<id>/` and the user's own
 * (fine-tuned) ones in the user models folder, each a folder with a manifest. The selection is kept
 * in a small settings file so it survives restarts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ModelId, ModelTask, type ModelInfo } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { TASK_KINDS } from '../data/tasks.js';
import { CARD_FILE, MANIFEST_FILE } from '../model-files.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ModelRef } from '../util/task.js';

export const DEFAULT_MODEL_ID = 'photo';
export type InferenceTask = ModelTask;

/**
 * Built-in models that do one task better than the default model (both cards say so): while the
 * default model is the selection, that task uses them. A model the user picks does every task it
 * learned; a task it did not learn goes to the task's own built-in.
 */
const TASK_MODELS: Partial<Record<InferenceTask, string>> = {
  inpaint: 'photo-completion',
  upscale: 'photo-superres',
};

/** The training task kind each app task needs the model to have learned. */
const NEEDED_KIND: Record<InferenceTask, string> = { inpaint: 'inpaint', upscale: 'superres' };

export interface ModelRegistryOptions {
  builtinDir: string;
  userDir: string;
  settingsPath: string;
}

interface Settings {
  selectedModel?: string;
}

interface FoundModel extends ModelRef {
  info: Omit<ModelInfo, 'selected' | 'usedFor'>;
  /** The task kinds of its training recipe. */
  kinds: string[];
}

export class ModelRegistry {
  constructor(private readonly options: ModelRegistryOptions) {}

  get userDir(): string {
    return this.options.userDir;
  }

  async list(): Promise<ModelInfo[]> {
    const [models, selected] = await Promise.all([this.scan(), this.selectedId()]);
    return models.map((model) => withSelection(model, models, selected));
  }

  /** Persists the choice; the id must name an installed model. */
  async select(id: string): Promise<ModelInfo> {
    const model = await this.find(id);
    const settings = await this.readSettings();
    await writeFileAtomic(
      this.options.settingsPath,
      `${JSON.stringify({ ...settings, selectedModel: id }, null, 2)}\n`,
    );
    return withSelection(model, await this.scan(), id);
  }

  /**
   * The model a job should use: the one asked for, else the selected one (or the task's own
   * built-in, see TASK_MODELS). A model that was not trained for the task (e.g. the
   * super-resolution-only model asked to complete) is refused.
   */
  async resolve(id?: string, task?: InferenceTask): Promise<ModelRef> {
    const models = await this.scan();
    const model = await this.find(id ?? taskModelId(models, await this.selectedId(), task));
    if (task && !learned(model, task))
      throw new ApiError(
        'INVALID_ARGUMENT',
        `the model '${model.id}' was not trained to ${task} (it learned: ${model.kinds.join(', ')}); pick another model`,
      );
    return { id: model.id, dir: model.dir };
  }

  async info(id: string): Promise<ModelInfo> {
    const [models, selected] = await Promise.all([this.scan(), this.selectedId()]);
    return withSelection(await this.find(id), models, selected);
  }

  private async find(id: string): Promise<FoundModel> {
    const model = (await this.scan()).find((m) => m.id === id);
    if (!model) throw new ApiError('NOT_FOUND', `no model named '${id}' is installed`);
    return model;
  }

  private async selectedId(): Promise<string> {
    return (await this.readSettings()).selectedModel ?? DEFAULT_MODEL_ID;
  }

  /** User models come first so a fine-tuned model can never be shadowed by a built-in of the same id. */
  private async scan(): Promise<FoundModel[]> {
    const user = await scanDir(this.options.userDir, false);
    const builtin = (await scanDir(this.options.builtinDir, true)).filter(
      (b) => !user.some((u) => u.id === b.id),
    );
    return [...builtin, ...user];
  }

  private async readSettings(): Promise<Settings> {
    try {
      const parsed = JSON.parse(await readFile(this.options.settingsPath, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Settings) : {};
    } catch {
      return {};
    }
  }
}

const learned = (model: FoundModel | undefined, task: InferenceTask): boolean =>
  model?.kinds.includes(NEEDED_KIND[task]) ?? false;

/** The model that does `task` while `selected` is the selection (see TASK_MODELS). */
function taskModelId(models: readonly FoundModel[], selected: string, task?: InferenceTask): string {
  const own = task && TASK_MODELS[task];
  if (!own || !models.some((m) => m.id === own && m.info.builtin)) return selected;
  const pickedForTask =
    selected !== DEFAULT_MODEL_ID &&
    learned(
      models.find((m) => m.id === selected),
      task,
    );
  return pickedForTask ? selected : own;
}

function withSelection(model: FoundModel, models: readonly FoundModel[], selected: string): ModelInfo {
  const usedFor = ModelTask.options.filter(
    (task) => learned(model, task) && taskModelId(models, selected, task) === model.id,
  );
  return { ...model.info, selected: model.id === selected, usedFor };
}

async function scanDir(root: string, builtin: boolean): Promise<FoundModel[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && ModelId.safeParse(entry.name).success)
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  const found = await Promise.all(names.sort().map((id) => readModel(join(root, id), id, builtin)));
  return found.filter((m): m is FoundModel => m !== undefined);
}

/** What the Models list shows of one model folder, or undefined where it has no readable manifest. */
export async function modelFolderInfo(dir: string): Promise<FoundModel['info'] | undefined> {
  return (await readModel(dir, basename(dir), false))?.info;
}

/** Folders without a readable manifest are not models (e.g. a fine-tune still being written). */
async function readModel(dir: string, id: string, builtin: boolean): Promise<FoundModel | undefined> {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const config = (manifest['config'] ?? {}) as Record<string, unknown>;
  const card = await readCard(dir);
  const description = text(manifest['description']) ?? cardSummary(card) ?? '';
  const kinds = taskKinds(manifest, config);
  return {
    id,
    dir,
    kinds,
    info: {
      id,
      name: text(manifest['name']) ?? id,
      kind: describeKind(manifest['kind'] ?? config),
      builtin,
      description,
      channels: typeof config['yDim'] === 'number' ? config['yDim'] : 0,
      card,
      tasks: ModelTask.options.filter((task) => kinds.includes(NEEDED_KIND[task])),
    },
  };
}

/**
 * Grid ANPs do the one task their kind was made for; a point-set recipe that does not list its task
 * kinds trained on every kind.
 */
function taskKinds(manifest: Record<string, unknown>, config: Record<string, unknown>): string[] {
  if (config['kind'] === GRID_KIND) return [NEEDED_KIND.inpaint];
  if (config['kind'] === GRID_SUPERRES_KIND) return [NEEDED_KIND.upscale];
  const kinds = (manifest['recipe'] as { batch?: { kinds?: unknown } } | undefined)?.batch?.kinds;
  return Array.isArray(kinds) ? kinds.filter((k): k is string => typeof k === 'string') : [...TASK_KINDS];
}

const GRID_KIND = 'grid-anp';
const GRID_SUPERRES_KIND = 'grid-superres';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** 'stacked multihead ANP', 'ANP (laplace attention)', 'NP', 'CNP', a grid ANP, or what the manifest says. */
function describeKind(kindOrConfig: unknown): string {
  if (typeof kindOrConfig === 'string') return kindOrConfig;
  const config = kindOrConfig as { kind?: unknown; attention?: unknown; selfAttentionLayers?: unknown };
  if (config.kind === GRID_KIND) return 'convolutional ANP (pixel grid)';
  if (config.kind === GRID_SUPERRES_KIND) return 'convolutional ANP super-resolution (pixel grid)';
  if (config.kind === 'anp') {
    const stacked = typeof config.selfAttentionLayers === 'number' && config.selfAttentionLayers > 0;
    if (config.attention === 'multihead' && stacked) return 'stacked multihead ANP';
    return typeof config.attention === 'string' ? `ANP (${config.attention} attention)` : 'ANP';
  }
  return typeof config.kind === 'string' ? config.kind.toUpperCase() : 'unknown';
}

async function readCard(dir: string): Promise<string> {
  try {
    return await readFile(join(dir, CARD_FILE), 'utf8');
  } catch {
    return '';
  }
}

/**
 * The model card's first prose paragraph, as plain text, for models whose manifest has no
 * description: headings, lists, tables and code are not a summary.
 */
function cardSummary(card: string): string | undefined {
  const prose = card
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .find((block) => block && !/^(#|[-*+] |\d+\. |\||```|>)/.test(block));
  return prose ? plainText(prose) : undefined;
}

/** Inline markdown (emphasis, code, links) as the words it shows. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\s+/g, ' ');
}
