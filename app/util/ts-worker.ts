import { Worker, type WorkerOptions } from 'node:worker_threads';

const tsxApi = import.meta.resolve('tsx/esm/api');

/**
 * Starts a worker thread from a TypeScript entry file. Node code runs from source through tsx (the
 * CLI, the engine process and the tests alike). On Node 20 a worker's `--import tsx` registers its
 * hooks too late for the entry itself, so the worker first registers tsx, then imports the entry.
 */
export function startTsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
