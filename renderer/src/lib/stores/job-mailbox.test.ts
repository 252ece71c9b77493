import { describe, expect, it } from 'vitest';
import type { JobOutput } from '../../../../app/api/contract.js';
import { EngineError } from '../api/errors.js';
import { JobMailbox } from './job-mailbox.js';

const output: JobOutput = {
  kind: 'upscale',
  image: {
    id: 'img_abcdef',
    name: 'x.png',
    width: 4,
    height: 2,
    format: 'png',
    channels: 3,
    hasAlpha: false,
    bitDepth: 8,
    orientation: 1,
    sizeBytes: 10,
  },
};

describe('JobMailbox', () => {
  it('delivers a result to a waiter that came first', async () => {
    const mailbox = new JobMailbox();
    const waiting = mailbox.wait('job_aaaaaa');
    mailbox.settle('job_aaaaaa', { type: 'result', output });
    await expect(waiting).resolves.toEqual({ type: 'result', output });
  });

  it('keeps a result that arrives before anyone waits, once', async () => {
    const mailbox = new JobMailbox();
    const error = new EngineError('CANCELLED', 'the job was cancelled');
    mailbox.settle('job_bbbbbb', { type: 'error', error });
    await expect(mailbox.wait('job_bbbbbb')).resolves.toEqual({ type: 'error', error });
    const second = await Promise.race([
      mailbox.wait('job_bbbbbb'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 20)),
    ]);
    expect(second).toBe('still waiting');
  });

  it('keeps only the latest early progress of each job', () => {
    const mailbox = new JobMailbox();
    const base = { kind: 'inpaint' as const, total: 10, etaSeconds: null, message: '' };
    mailbox.holdProgress({ ...base, jobId: 'job_cccccc', fraction: 0.1, done: 1 });
    mailbox.holdProgress({ ...base, jobId: 'job_cccccc', fraction: 0.3, done: 3 });
    expect(mailbox.takeProgress('job_cccccc')?.done).toBe(3);
    expect(mailbox.takeProgress('job_cccccc')).toBeNull();
  });
});
