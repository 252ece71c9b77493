/** Wall and CPU time of async jobs, and the median of repeated runs, for the speed rows. */

export interface Timed<T> {
  value: T;
  seconds: number;
  /** CPU seconds of the whole process (all threads): the work done, whatever the load. */
  cpuSeconds: number;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** The run of median wall time among `repeats` runs of `fn`, with every run's wall seconds. */
export async function medianTimed<T>(
  repeats: number,
  fn: () => Promise<T>,
): Promise<Timed<T> & { runSeconds: number[] }> {
  const runs: Timed<T>[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await timed(fn));
  const runSeconds = runs.map((r) => r.seconds);
  runs.sort((a, b) => a.seconds - b.seconds);
  return { ...runs[Math.floor(repeats / 2)]!, runSeconds };
}
