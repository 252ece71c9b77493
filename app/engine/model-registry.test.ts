import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from './model-registry.js';

let root: string;
let registry: ModelRegistry;

async function model(dir: string, manifest: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(4));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-models-'));
  const options = {
    builtinDir: join(root, 'builtin'),
    userDir: join(root, 'user'),
    settingsPath: join(root, 'settings.json'),
  };
  await model(join(options.builtinDir, 'photo'), {
    name: 'Photo ANP',
    description: 'natural photos',
    config: { kind: 'anp', attention: 'multihead', selfAttentionLayers: 2, yDim: 3 },
  });
  await model(join(options.builtinDir, 'mnist'), { name: 'Digits', config: { kind: 'np', yDim: 1 } });
  await writeFile(
    join(options.builtinDir, 'mnist', 'MODEL_CARD.md'),
    '# Digits\n\n- **Architecture**: `{"kind":"np"}`\n\nCompletes **MNIST** digits (see [the paper](https://x.org/p) and `npx anp`).\n\n## More\n',
  );
  await mkdir(join(options.builtinDir, 'half-written')); // no manifest: not a model
  await mkdir(join(options.builtinDir, 'Bad Id'));
  await model(join(options.userDir, 'my-garden'), { config: { kind: 'anp', attention: 'laplace' } });
  registry = new ModelRegistry(options);
});

describe('ModelRegistry', () => {
  it('lists built-in and user models, with photo selected by default', async () => {
    const models = await registry.list();
    expect(models).toEqual([
      {
        id: 'mnist',
        name: 'Digits',
        kind: 'NP',
        builtin: true,
        selected: false,
        description: 'Completes MNIST digits (see the paper and npx anp).',
        channels: 1,
        tasks: ['inpaint', 'upscale'],
        usedFor: [],
        card: '# Digits\n\n- **Architecture**: `{"kind":"np"}`\n\nCompletes **MNIST** digits (see [the paper](https://x.org/p) and `npx anp`).\n\n## More\n',
      },
      {
        id: 'photo',
        name: 'Photo ANP',
        kind: 'stacked multihead ANP',
        builtin: true,
        selected: true,
        description: 'natural photos',
        channels: 3,
        card: '',
        tasks: ['inpaint', 'upscale'],
        usedFor: ['inpaint', 'upscale'],
      },
      {
        id: 'my-garden',
        name: 'my-garden',
        kind: 'ANP (laplace attention)',
        builtin: false,
        selected: false,
        description: '',
        channels: 0,
        card: '',
        tasks: ['inpaint', 'upscale'],
        usedFor: [],
      },
    ]);
  });

  it('persists the selection and resolves jobs to it', async () => {
    expect(await registry.select('my-garden')).toMatchObject({ id: 'my-garden', selected: true });
    expect(JSON.parse(await readFile(join(root, 'settings.json'), 'utf8'))).toEqual({
      selectedModel: 'my-garden',
    });
    expect(await registry.resolve()).toEqual({ id: 'my-garden', dir: join(root, 'user', 'my-garden') });
    expect(await registry.resolve('photo')).toEqual({ id: 'photo', dir: join(root, 'builtin', 'photo') });
    expect((await registry.list()).filter((m) => m.selected).map((m) => m.id)).toEqual(['my-garden']);
  });

  it('gives upscaling its own built-in model while the default model is selected, not after a pick', async () => {
    const superres = join(root, 'builtin', 'photo-superres');
    await model(superres, { config: { kind: 'anp', yDim: 3 }, recipe: { batch: { kinds: ['superres'] } } });
    expect(await registry.resolve(undefined, 'upscale')).toEqual({ id: 'photo-superres', dir: superres });
    expect((await registry.resolve(undefined, 'inpaint')).id).toBe('photo');
    expect((await registry.resolve('photo', 'upscale')).id).toBe('photo');
    await registry.select('my-garden');
    expect((await registry.resolve(undefined, 'upscale')).id).toBe('my-garden');
  });

  it('a picked model that did not learn a task leaves it to the task’s built-in, and the list says who does what', async () => {
    const completion = join(root, 'builtin', 'photo-completion');
    const superres = join(root, 'builtin', 'photo-superres');
    await model(completion, { config: { kind: 'grid-anp', yDim: 3 } });
    await model(superres, { config: { kind: 'anp', yDim: 3 }, recipe: { batch: { kinds: ['superres'] } } });
    await model(join(root, 'user', 'my-completion'), { config: { kind: 'grid-anp', yDim: 3 } });
    const usedFor = async () =>
      Object.fromEntries((await registry.list()).map((m) => [m.id, m.usedFor.join(' ')]));
    expect(await usedFor()).toMatchObject({
      photo: '',
      'photo-completion': 'inpaint',
      'photo-superres': 'upscale',
    });
    expect((await registry.info('my-completion')).tasks).toEqual(['inpaint']);

    await registry.select('my-completion');
    expect((await registry.resolve(undefined, 'inpaint')).id).toBe('my-completion');
    expect(await registry.resolve(undefined, 'upscale')).toEqual({ id: 'photo-superres', dir: superres });
    expect(await usedFor()).toMatchObject({
      'my-completion': 'inpaint',
      'photo-completion': '',
      'photo-superres': 'upscale',
    });
    // Asked for by name, a model must have learned the task.
    await expect(registry.resolve('my-completion', 'upscale')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('a grid super-resolution model only upscales: picked, it does upscaling, and an inpaint with it is refused', async () => {
    await model(join(root, 'builtin', 'photo-completion'), { config: { kind: 'grid-anp', yDim: 3 } });
    const dir = join(root, 'user', 'my-superres');
    await model(dir, {
      config: { kind: 'grid-superres', yDim: 3 },
      recipe: { batch: { superresGrid: true } },
    });
    const info = await registry.info('my-superres');
    expect(info).toMatchObject({
      kind: 'convolutional ANP super-resolution (pixel grid)',
      tasks: ['upscale'],
      usedFor: [],
    });
    await registry.select('my-superres');
    expect(await registry.resolve(undefined, 'upscale')).toEqual({ id: 'my-superres', dir });
    expect((await registry.resolve(undefined, 'inpaint')).id).toBe('photo-completion');
    await expect(registry.resolve('my-superres', 'inpaint')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        "the model 'my-superres' was not trained to inpaint (it learned: superres); pick another model",
    });
  });

  it('refuses to select or resolve a model that is not installed', async () => {
    await expect(registry.select('half-written')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "no model named 'half-written' is installed",
    });
    await expect(registry.resolve('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
