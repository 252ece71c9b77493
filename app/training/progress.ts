/** Training progress: interval means of the loss terms, steps/s, ETA; as events and JSON lines. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A run's progress log: one JSON line per logged step, and its events ('resumed', 'quality'). */
export const progressLogPath = (workDir: string): string => join(workDir, 'progress.jsonl');

export interface StepMetrics {
  step: number;
  totalSteps: number;
  loss: number;
  nll: number;
  kl: number;
  gradNorm: number;
  learningRate: number;
  stepsPerSecond: number;
  examplesPerSecond: number;
  etaSeconds: number;
}

export class ProgressMeter {
  private sums = { loss: 0, nll: 0, kl: 0, gradNorm: 0 };
  private count = 0;
  private since = performance.now();

  constructor(private readonly batchSize: number) {}

  record(terms: { loss: number; nll: number; kl: number; gradNorm: number }): void {
    this.sums.loss += terms.loss;
    this.sums.nll += terms.nll;
    this.sums.kl += terms.kl;
    this.sums.gradNorm += terms.gradNorm;
    this.count++;
  }

  /** Means since the last flush; resets the interval. */
  flush(step: number, totalSteps: number, learningRate: number): StepMetrics {
    const now = performance.now();
    const n = Math.max(1, this.count);
    const stepsPerSecond = this.count / Math.max(1e-9, (now - this.since) / 1000);
    const metrics: StepMetrics = {
      step,
      totalSteps,
      loss: this.sums.loss / n,
      nll: this.sums.nll / n,
      kl: this.sums.kl / n,
      gradNorm: this.sums.gradNorm / n,
      learningRate,
      stepsPerSecond,
      examplesPerSecond: stepsPerSecond * this.batchSize,
      etaSeconds: stepsPerSecond > 0 ? (totalSteps - step) / stepsPerSecond : 0,
    };
    this.sums = { loss: 0, nll: 0, kl: 0, gradNorm: 0 };
    this.count = 0;
    this.since = now;
    return metrics;
  }
}

export async function appendJsonLine(path: string, record: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
}
