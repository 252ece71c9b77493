/**
 * The paper's CelebA 32×32 experiment on 32×32 crops of the photo corpus (CelebA cannot be fetched
 * here): CNP, NP and stacked multihead ANP trained for the same wall time; PSNR and NLL of the
 * completions from 10 / 100 / half / all context pixels of held-out crops; the resolution change;
 * where the attention heads look.
 */
import { completeImages, completionNll, contextCounts, psnr } from './image-completion.js';
import { writeImageFigures } from './image-figures.js';
import { photoCropsTable, type CropCompletionScore, type PhotoCropsResults } from './image-tables.js';
import {
  IMAGE_LOSS,
  IMAGE_TASK,
  imageModelSpecs,
  PIXEL_MIN_STD,
  SHRINK_NOTE,
  trainAllForWallTime,
  trainingRecord,
  type TrainedImageModel,
} from './image-training.js';
import { log, writeResults } from './output.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { CROP_GRID, loadPhotoCrops, mostVariedCrops } from './photo-crops-data.js';

export interface PhotoCropsOptions {
  budgetSeconds: number;
  /** Crops cut from each held-out photo for the test. */
  cropsPerTestPhoto: number;
  learningRate: number;
  photos: string;
}

export const PHOTO_CROPS_DEFAULTS: Omit<PhotoCropsOptions, 'photos'> = {
  budgetSeconds: 420,
  cropsPerTestPhoto: 6,
  learningRate: 1e-3,
};

const CROPS_PER_TRAIN_PHOTO = 40;
const MODEL_ROOT = resultsPath('photo-crops-models');
const TRAIN_SEED = 20_000;
const COMPLETION_SEED = 50_000_000;
const EVAL_SAMPLES = 8;

async function completionScores(t: TrainedImageModel, test: Float32Array[]): Promise<CropCompletionScore[]> {
  const scores: CropCompletionScore[] = [];
  for (const { label, count } of contextCounts(CROP_GRID)) {
    const t0 = performance.now();
    const completions = completeImages(t.model, test, CROP_GRID, count, COMPLETION_SEED);
    const meanPsnr = completions.reduce((s, c, i) => s + psnr(c, test[i]!), 0) / test.length;
    const nll = await completionNll(t.model, test, CROP_GRID, count, COMPLETION_SEED, EVAL_SAMPLES);
    log(
      `${t.spec.name}, ${label} context pixels: PSNR ${meanPsnr.toFixed(2)} dB, NLL ${nll.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    scores.push({ context: label, pixels: count, psnr: meanPsnr, nll });
  }
  return scores;
}

export async function runPhotoCrops(o: PhotoCropsOptions): Promise<void> {
  const crops = await loadPhotoCrops(o.photos, CROPS_PER_TRAIN_PHOTO, o.cropsPerTestPhoto);
  log(
    `photo crops: ${crops.train.length} training crops of ${crops.trainPhotos} photos, ${crops.test.length} test crops of ${crops.testPhotos} held-out photos`,
  );
  const trained = await trainAllForWallTime(imageModelSpecs(CROP_GRID), {
    budgetSeconds: o.budgetSeconds,
    peakLearningRate: o.learningRate,
    loss: IMAGE_LOSS,
    grid: CROP_GRID,
    train: crops.train,
    validation: crops.train.slice(0, 512),
    checkpointRoot: MODEL_ROOT,
    seed: TRAIN_SEED,
  });
  const rows = [];
  for (const t of trained)
    rows.push({ ...trainingRecord(t), completions: await completionScores(t, crops.test) });
  const command = `npx anp experiment photo-crops --budget ${o.budgetSeconds} --functions ${o.cropsPerTestPhoto}${o.learningRate !== PHOTO_CROPS_DEFAULTS.learningRate ? ` --lr ${o.learningRate}` : ''}`;
  const results: PhotoCropsResults = {
    experiment: 'photo-crops',
    description: `32×32 RGB crops of the photo corpus as a stand-in for CelebA 32×32: each photo downscaled to a short side of 64 px, crops at seeded random positions, mirrored half the time; ${CROPS_PER_TRAIN_PHOTO} crops of each training photo, ${o.cropsPerTestPhoto} of each of the bench's frozen held-out photos (test). CNP, NP and stacked multihead ANP trained for the same wall time (${o.budgetSeconds} s each; the learning-rate schedule planned over budget / the seconds of a step timed before the run, and every run stopped when its training wall time reaches the budget). ${SHRINK_NOTE} Completions: the mean at all 1024 pixels from 10 / 100 / 512 / 1024 random context pixels; PSNR over all pixels and channels (mean over crops); NLL of all 1024 pixels given the context, per pixel with the 3 channels summed, nats (latent models: importance-sampled).`,
    command,
    options: { ...o },
    task: IMAGE_TASK,
    minStd: PIXEL_MIN_STD,
    loss: IMAGE_LOSS,
    machine: machineInfo(),
    data: {
      trainCrops: crops.train.length,
      trainPhotos: crops.trainPhotos,
      testCrops: crops.test.length,
      testPhotos: crops.testPhotos,
    },
    evaluation: { importanceSamples: EVAL_SAMPLES },
    models: rows,
  };
  await writeResults('photo-crops', results);
  log(`README table:\n${photoCropsTable(results)}`);
  await writeImageFigures(
    {
      data: 'photo crop',
      prefix: 'photo-crops',
      attentionName: 'attention-heads-photo-crops',
      test: crops.test,
      grid: CROP_GRID,
      seed: COMPLETION_SEED,
      shown: mostVariedCrops(crops.test, o.cropsPerTestPhoto, 3),
      lows: [8, 16],
      out: 64,
      attentionContext: 100,
      attentionTargets: [
        [16, 16],
        [6, 24],
      ],
    },
    trained,
  );
  for (const t of trained) t.model.dispose();
}
