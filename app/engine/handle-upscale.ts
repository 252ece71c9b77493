/** The engine's upscale handlers: the job, its estimate and a preview of one region. */
import { join } from 'node:path';
import { checkCost, overLimits, upscaleCost } from '../tasks/job-cost.js';
import { checkRegionInside, resolveOutputSize, type UpscaleSize } from '../tasks/size.js';
import { NEVER_ABORTED } from '../util/task.js';
import { CONFIRM, prepareInference, type EngineContext, type Handlers } from './handler-context.js';
import { UpscaleTiming } from './upscale-timing.js';

export type PreparedUpscale = Awaited<ReturnType<typeof prepareUpscale>>;

/** An upscale's inputs, output size, cost and the key of its measured tile rate. */
export async function prepareUpscale(
  engine: EngineContext,
  args: { imageId: string; modelId?: string | undefined; size: UpscaleSize },
) {
  const inference = await prepareInference(engine, args.imageId, args.modelId, 'upscale');
  const image = engine.images.get(args.imageId).info;
  const out = resolveOutputSize(image.width, image.height, args.size);
  const { model, pool } = inference;
  const cost = upscaleCost(image, out, await pool.describe(model), pool.workers);
  const sample = { input: inference.input, size: args.size, model, pool, signal: NEVER_ABORTED };
  return { ...inference, out, cost, sample, rateKey: UpscaleTiming.key(model, pool.workers, image, out) };
}

/** Seconds per tile of the upscale's plan: measured before, else timed now on a sample of it. */
export function tileSeconds(engine: EngineContext, upscale: PreparedUpscale): Promise<number> {
  return engine.timing.secondsPerTile(upscale.rateKey, () => upscale.tasks.timeUpscale(upscale.sample));
}

export function upscaleHandlers(
  engine: EngineContext,
): Pick<Handlers, 'upscale' | 'estimateUpscale' | 'upscaleRegion'> {
  const { images, jobs, timing } = engine;
  return {
    upscale: async (args) => {
      const upscale = await prepareUpscale(engine, args);
      const { tasks, stem, input, model, pool, out, cost, rateKey } = upscale;
      checkCost(`this upscale to ${out.width}×${out.height}`, cost, args.confirm, CONFIRM);
      const jobId = jobs.submit('upscale', async (context) => {
        // The first ETA comes from the plan's measured rate (timed now if no estimate timed it).
        const unitSeconds = await tileSeconds(engine, upscale);
        const message = `upscaling to ${out.width}×${out.height}`;
        context.onProgress({ done: 0, total: cost.tiles, message, unitSeconds });
        const started = performance.now();
        return engine.withJobDir(async (dir) => {
          const outPath = join(dir, 'upscaled.png');
          const done = await tasks.runUpscale({ ...context, input, model, pool, size: args.size, outPath });
          timing.record(rateKey, (performance.now() - started) / 1000 / cost.tiles);
          return { kind: 'upscale', image: await images.adopt(done.path, `${stem}-upscaled.png`) };
        });
      });
      return { jobId, modelId: model.id };
    },
    estimateUpscale: async (args) => {
      const upscale = await prepareUpscale(engine, args);
      const { out, cost } = upscale;
      // A sample timed beside a running job would measure both; it waits for the queue to empty.
      if (timing.known(upscale.rateKey) === undefined) await jobs.idle();
      const seconds = (await tileSeconds(engine, upscale)) * cost.tiles;
      return { ...out, tiles: cost.tiles, seconds, needsConfirmation: overLimits(cost) };
    },
    upscaleRegion: async (args) => {
      const { tasks, stem, out, sample } = await prepareUpscale(engine, args);
      checkRegionInside(args.region, out);
      const region = args.region;
      return engine.withJobDir(async (dir) => {
        const outPath = join(dir, 'preview.png');
        const preview = await timing.inLane(() => tasks.previewUpscale({ ...sample, region, outPath }));
        return {
          image: await images.adopt(preview.path, `${stem}-preview.png`),
          seconds: preview.seconds,
        };
      });
    },
  };
}
