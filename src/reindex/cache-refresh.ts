import { unlink } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { cacheTempFile } from '../core/archive-cache.js';
import type { ChunkOptions } from '../core/chunker.js';
import { workerEntry } from '../lifecycle/worker-url.js';

export interface CacheRefreshOptions {
  dataDir: string;
  cacheFile: string;
  chunk?: ChunkOptions;
  maxArticleBytes?: number;
  /** Save only this shard's part of the archive (a sharded search). */
  shard?: { index: number; count: number };
  /** Called when a refresh ends: with the fingerprint saved, or the error. */
  onDone: (result: { fingerprint: string } | { error: unknown }) => void;
}

export interface CacheRefresher {
  /** Saves the index of the articles as they are now; a request during a refresh causes one more. */
  request(): void;
  /** Stops a refresh in progress (its temporary file is removed; the old cache stays). */
  close(): Promise<void>;
}

/** Keeps the saved index in step with a live reindex, in a worker thread so the bot never waits on it. */
export function cacheRefresher(options: CacheRefreshOptions): CacheRefresher {
  let worker: Worker | undefined;
  let again = false;
  let closed = false;

  const start = () => {
    again = false;
    const entry = workerEntry(new URL('./cache-worker.ts', import.meta.url));
    const w = new Worker(entry.url, {
      workerData: {
        ...entry.workerData,
        dataDir: options.dataDir,
        cacheFile: options.cacheFile,
        ...(options.chunk ? { chunk: options.chunk } : {}),
        ...(options.maxArticleBytes ? { maxArticleBytes: options.maxArticleBytes } : {}),
        ...(options.shard ? { shard: options.shard } : {}),
      },
    });
    w.unref(); // a refresh must not keep a stopping bot alive
    worker = w;
    let result: { fingerprint: string } | { error: unknown } | undefined;
    w.on('message', (m: { fingerprint: string }) => {
      result = { fingerprint: m.fingerprint };
    });
    w.on('error', (error) => {
      result = { error };
    });
    w.on('exit', (code) => {
      worker = undefined;
      if (closed) return;
      options.onDone(result ?? { error: new Error(`cache worker exited with code ${code}`) });
      if (again) start();
    });
  };

  return {
    request() {
      if (closed) return;
      if (worker) again = true;
      else start();
    },
    async close() {
      closed = true;
      const w = worker;
      if (!w) return;
      await w.terminate();
      await unlink(cacheTempFile(options.cacheFile)).catch(() => {});
    },
  };
}
