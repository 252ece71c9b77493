import { expect, it } from 'vitest';
import { experiment } from './experiment.js';
import { commands } from './index.js';

it('is registered and lists every experiment in its usage', () => {
  expect(commands).toContain(experiment);
  for (const name of ['gp1d', 'bayesopt', 'mnist', 'photo-crops', 'superres-finetune'])
    expect(experiment.usage).toContain(`  ${name} `);
});

it('names the known experiments when given an unknown one', async () => {
  await expect(experiment.run(['celeba'])).rejects.toThrow(
    "unknown experiment 'celeba' (known: gp1d, bayesopt, mnist, photo-crops, superres-finetune)",
  );
});

it('rejects a bad flag value before doing any work', async () => {
  await expect(experiment.run(['gp1d', '--steps', '0'])).rejects.toThrow(
    '--steps must be at least 1 (got 0)',
  );
  await expect(experiment.run(['mnist', '--budget', '0'])).rejects.toThrow(
    '--budget must be at least 1 (got 0)',
  );
});
