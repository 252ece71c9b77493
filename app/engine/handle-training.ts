/** The engine's training handlers: fine-tune a model on photos, its paused runs, a folder's photos. */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pausedRuns, runWorkDir } from '../training/run-start.js';
import type { EngineContext, Handlers } from './handler-context.js';
import type { JobRunner } from './job-queue.js';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export function trainingHandlers(
  engine: EngineContext,
): Pick<Handlers, 'fineTune' | 'pausedFineTunes' | 'scanFolder'> {
  const { images, jobs, models } = engine;
  return {
    fineTune: async (args) => {
      // Without a model named, the one that does the task now is tuned (the default model's task model).
      const fromModel = await models.resolve(args.fromModel, args.task);
      const uploads = args.imageIds?.map((id) => images.get(id));
      // Uploaded photos are linked beside the run's work folder: a paused run keeps them for its resume.
      const uploadedDir = join(models.userDir, `.${args.name}.photos`);
      const run: JobRunner = async (context) => {
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
            const { step, steps, losses } = out;
            return { kind: 'fineTunePaused', name: args.name, fromModel: fromModel.id, step, steps, losses };
          }
          return {
            kind: 'fineTune',
            model: await models.info(out.model.id),
            heldOutNllBefore: out.heldOutNllBefore,
            heldOutNllAfter: out.heldOutNllAfter,
          };
        } finally {
          // The photos go with the run's work folder: kept while a resume can use them.
          if (!(await exists(runWorkDir(models.userDir, args.name))))
            await rm(uploadedDir, { recursive: true, force: true });
        }
      };
      return { jobId: jobs.submit('fineTune', run, { pausable: true }) };
    },
    pausedFineTunes: async () =>
      (await pausedRuns(models.userDir)).map((run) => ({ kind: 'fineTunePaused' as const, ...run })),
    scanFolder: async ({ folder }) => (await engine.tasks()).scanFolder(folder),
  };
}
