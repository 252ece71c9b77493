/** Learning rate: linear warm-up to the peak, then a cosine decay to `finalFraction` of it. */
export interface Schedule {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  finalFraction: number;
}

export function learningRateAt(step: number, s: Schedule): number {
  if (s.warmupSteps > 0 && step < s.warmupSteps) return (s.peak * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - s.warmupSteps) / span));
  const floor = s.peak * s.finalFraction;
  return floor + 0.5 * (s.peak - floor) * (1 + Math.cos(Math.PI * progress));
}
