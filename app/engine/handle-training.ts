/** The engine's training handlers: fine-tune a model on photos, its paused runs, a folder's photos. */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pausedRuns } from '../training/run-start.js';
import type { EngineContext, Handlers } from './handler-context.js';
import type { JobRunner } from './job-queue.js';

export function trainingHandlers(
  engine: EngineContext,
): Pick<Handlers, 'fineTune' | 'pausedFineTunes' | 'scanFolder'> {
  const { images, jobs, models } = engine;
  return {
    fineTune: async (args) => {
      const fromModel = await models.resolve(args.fromModel);
      const uploads = args.imageIds?.map((id) => images.get(id));
      // Uploaded photos are linked beside the run's work folder: a paused run keeps them for its resume.
      const uploadedDir = join(models.userDir, `.${args.name}.photos`);
      const run: JobRunner = async (context) => {
        let paused = false;
        try {
          if (uploads) {
            await rm(uploadedDir, { recursive: true, force: true });
            await mkdir(uploadedDir, { recursive: true });
            await images.linkFolder(uploads, uploadedDir);
          }
          const out = await (
            await engine.tasks()
          ).fineTune({
            ...context,
            folder: args.folder ?? (uploads ? uploadedDir : undefined),
            fromModel,
            name: args.name,
            steps: args.steps,
            resume: args.resume,
            modelsDir: models.userDir,
          });
          if ('paused' in out) {
            paused = true;
            const { name, fromModel } = args;
            return { kind: 'fineTunePaused', name, fromModel, step: out.step, steps: out.steps };
          }
          return {
            kind: 'fineTune',
            model: await models.info(out.model.id),
            heldOutNllBefore: out.heldOutNllBefore,
            heldOutNllAfter: out.heldOutNllAfter,
          };
        } finally {
          if (!paused) await rm(uploadedDir, { recursive: true, force: true });
        }
      };
      return { jobId: jobs.submit('fineTune', run, { pausable: true }) };
    },
    pausedFineTunes: async () =>
      (await pausedRuns(models.userDir)).map((run) => ({ kind: 'fineTunePaused' as const, ...run })),
    scanFolder: async ({ folder }) => (await engine.tasks()).scanFolder(folder),
  };
}
