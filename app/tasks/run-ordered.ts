/**
 * Runs `count` asynchronous jobs with at most `limit` in flight and hands their results to
 * `consume` in order, one at a time: the next job starts before a result is consumed, so the
 * workers never wait for the consumer, and what is held at once stays bounded by `limit`.
 */
export async function runOrdered<T>(
  count: number,
  limit: number,
  start: (index: number) => Promise<T>,
  consume: (index: number, value: T) => Promise<void> | void,
): Promise<void> {
  const running: Promise<T>[] = [];
  let next = 0;
  const launch = (): void => {
    const job = start(next++);
    job.catch(() => undefined); // awaited in order below; this keeps a later failure from going unhandled
    running.push(job);
  };
  while (next < count && running.length < Math.max(1, limit)) launch();
  for (let i = 0; i < count; i++) {
    const value = await running.shift()!;
    if (next < count) launch();
    await consume(i, value);
  }
}
