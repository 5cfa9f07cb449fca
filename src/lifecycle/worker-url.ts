/**
 * Where a worker thread starts, in both ways the code runs. Compiled (`npm start` runs dist/), the
 * worker loads its compiled .js directly. From TypeScript (tsx, vitest), worker threads on Node 20 do
 * not inherit the parent's loader, so the worker starts in a small .mjs that loads the .ts through tsx.
 */
export interface WorkerEntry {
  /** The file to give `new Worker(…)`. */
  url: URL;
  /** Spread into the worker's workerData (the bootstrap reads `module` from it). */
  workerData: { module?: string };
}

// This file's own extension tells which form is running: every module is compiled, or none is.
const compiled = import.meta.url.endsWith('.js');

/** `module` is the worker's TypeScript file beside the caller: `new URL('./x-worker.ts', import.meta.url)`. */
export function workerEntry(module: URL): WorkerEntry {
  if (compiled) return { url: new URL(module.href.replace(/\.ts$/, '.js')), workerData: {} };
  return {
    url: new URL('../reindex/worker-entry.mjs', import.meta.url),
    workerData: { module: module.href },
  };
}
