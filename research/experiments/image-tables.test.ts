import { expect, it } from 'vitest';
import { mnistTable, type MnistResults, photoCropsTable, type PhotoCropsResults } from './image-tables.js';
import { defaultConfig } from '../../models/index.js';

const training = (name: string, steps: number) => ({
  name,
  config: defaultConfig('np'),
  parameters: 12345,
  budget: { label: name, budgetSeconds: 100, secondsPerStep: 100 / steps, steps },
  learningRate: { peak: 1e-3, warmupSteps: 20, totalSteps: steps, finalFraction: 0.1 },
  training: { steps, wallSeconds: 101.4, finalLoss: 0, curve: [], resumedAt: [] },
});
const contexts = ['10', '100', 'half (392)', 'all (784)'];
const common = {
  description: '',
  command: '',
  options: {},
  task: {},
  minStd: 0.01,
  loss: {},
  machine: {},
  evaluation: {},
};

it('tabulates the MNIST accuracies per context size, with the classifier on the true digits', () => {
  const results: MnistResults = {
    ...common,
    experiment: 'mnist',
    classifier: { trainSeconds: 3, trueTestAccuracy: 0.943, testDigits: 2000 },
    models: [
      {
        ...training('NP', 900),
        testNll: { contextNll: -0.5, targetNll: -0.25 },
        completions: contexts.map((context, i) => ({
          context,
          pixels: i,
          accuracy: 0.2 * (i + 1),
          psnr: 10,
        })),
      },
    ],
  };
  const lines = mnistTable(results).split('\n');
  expect(lines[0]).toBe(
    '| model | parameters | steps | wall time | test NLL ctx / target | acc. 10 | acc. 100 | acc. half (392) | acc. all (784) |',
  );
  expect(lines[2]).toBe(
    '| NP | 12,345 | 900 | 101 s | -0.500 / -0.250 | 20.0 % | 40.0 % | 60.0 % | 80.0 % |',
  );
  expect(lines[3]).toContain('94.3 % (all 2000)');
  expect(lines[3]!.split('|')).toHaveLength(lines[0]!.split('|').length);
});

it('tabulates PSNR and NLL of the photo-crop completions per context size', () => {
  const results: PhotoCropsResults = {
    ...common,
    experiment: 'photo-crops',
    data: {},
    models: [
      {
        ...training('CNP', 2000),
        completions: contexts.map((context, i) => ({ context, pixels: i, psnr: 20 + i, nll: -1 - i })),
      },
    ],
  };
  const lines = photoCropsTable(results).split('\n');
  expect(lines[0]).toContain('| 10: PSNR / NLL | 100: PSNR / NLL |');
  expect(lines[2]).toBe(
    '| CNP | 12,345 | 2000 | 101 s | 20.00 dB / -1.00 | 21.00 dB / -2.00 | 22.00 dB / -3.00 | 23.00 dB / -4.00 |',
  );
});
