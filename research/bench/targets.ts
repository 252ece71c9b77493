import { calibrateBench } from './calibrate.js';
import { imagesBench } from './images.js';
import { killResumeBench } from './kill-resume-bench.js';
import { modelsBench } from './models.js';
import { soakBench } from './soak-bench.js';
import type { BenchTarget } from './target.js';
import { trainBench } from './train.js';
import { smallCnnBench } from '../baselines/train-small-cnn.js';

/** Every benchmark target; each module adds itself here. */
export const benchTargets: BenchTarget[] = [
  modelsBench,
  imagesBench,
  trainBench,
  calibrateBench,
  smallCnnBench,
  soakBench,
  killResumeBench,
];
