/** The engine's inpaint handlers: the completion job and the attention of one completed pixel. */
import type { ImageInfo } from '../api/contract.js';
import { checkMaskHeader, shapesToPngMask } from '../imaging/mask.js';
import { checkShapesCost } from '../imaging/mask-shapes.js';
import { checkCost, inpaintCost } from '../tasks/job-cost.js';
import { CONFIRM, prepareInference, type EngineContext, type Handlers } from './handler-context.js';

export function inpaintHandlers(engine: EngineContext): Pick<Handlers, 'inpaint' | 'pixelAttention'> {
  const { images, jobs, models } = engine;
  return {
    inpaint: async (args) => {
      const image = images.get(args.imageId).info;
      const { width, height } = image;
      if (args.mask.kind === 'shapes') checkShapesCost(args.mask.shapes, width, height);
      // A PNG mask's header is checked here; only a mask of the image's size is decoded, in the job.
      await checkMaskHeader(args.mask, width, height);
      const { tasks, stem, ...common } = await prepareInference(
        engine,
        args.imageId,
        args.modelId,
        'inpaint',
      );
      const cost = inpaintCost(
        image,
        args.samples,
        await common.pool.describe(common.model),
        common.pool.workers,
      );
      checkCost('this completion', cost, args.confirm, CONFIRM);
      const jobId = jobs.submit('inpaint', (context) =>
        engine.withJobDir(async (outDir) => {
          const { samples, seed } = args;
          const mask =
            args.mask.kind === 'shapes'
              ? await shapesToPngMask(args.mask.shapes, width, height, context.signal)
              : args.mask;
          const out = await tasks.runInpaint({ ...context, ...common, mask, samples, seed, outDir });
          const adopt = (path: string, label: string): Promise<ImageInfo> =>
            images.adopt(path, `${stem}-${label}.png`);
          return {
            kind: 'inpaint',
            samples: await Promise.all(out.samples.map((path, i) => adopt(path, `sample${i + 1}`))),
            mean: await adopt(out.mean, 'mean'),
            uncertainty: await adopt(out.uncertainty, 'uncertainty'),
            uncertaintyMax: out.uncertaintyMax,
          };
        }),
      );
      return { jobId, modelId: common.model.id };
    },
    pixelAttention: async ({ imageId, mask, x, y, modelId }) => {
      // The model runs here, in the engine process, on the backend the engine chose.
      const { path: completed, info } = images.get(imageId);
      await checkMaskHeader(mask, info.width, info.height);
      const [model, tasks] = await Promise.all([
        models.resolve(modelId, 'inpaint'),
        engine.tasks(),
        engine.info(),
      ]);
      return tasks.pixelAttention({ completed, mask, x, y, model });
    },
  };
}
