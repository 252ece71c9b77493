import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lossHistory } from './fine-tune-history.js';

const line = (record: object) => JSON.stringify({ time: '2025-01-01T00:00:00.000Z', ...record });

describe('lossHistory', () => {
  it('reads the logged steps back, dropping those a resume trained again and those past the checkpoint', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'anp-history-'));
    const log = [
      line({ step: 2, loss: 0.9, nll: 0.8 }),
      line({ step: 4, loss: 0.7 }),
      line({ step: 6, loss: 0.6 }),
      // A crash after step 6 with the checkpoint at 4: the resumed run trains 5 and 6 again.
      line({ event: 'resumed', step: 4 }),
      line({ step: 6, loss: 0.55 }),
      line({ event: 'quality', step: 6, training: { nll: 1 } }),
      '{"step": 8, "loss": 0.5',
      line({ step: 8, loss: 0.5 }),
      line({ step: 10, loss: 0.45 }),
    ];
    await writeFile(join(workDir, 'progress.jsonl'), `${log.join('\n')}\n`);
    expect(await lossHistory(workDir, 8)).toEqual([
      { step: 2, loss: 0.9 },
      { step: 4, loss: 0.7 },
      { step: 6, loss: 0.55 },
      { step: 8, loss: 0.5 },
    ]);
  });

  it('is empty for a run that logged nothing yet', async () => {
    expect(await lossHistory(await mkdtemp(join(tmpdir(), 'anp-history-')), 10)).toEqual([]);
  });
});
