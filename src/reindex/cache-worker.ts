import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openArchive } from '../core/archive.js';
import type { ChunkOptions } from '../core/chunker.js';
import { shardOf } from '../search/partition.js';

/**
 * Runs in a worker thread: builds the archive and saves its cache, the way a start-up does. Serializing
 * a large index holds a thread for hundreds of ms, which the bot's thread must not.
 */
// Linux gives each thread its own nice value: this background work yields the CPU to the bot's thread.
// (Elsewhere setpriority would lower the whole process, so it is left alone.)
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // not permitted: run at normal priority
  }
}
const { dataDir, cacheFile, chunk, maxArticleBytes, shard } = workerData as {
  dataDir: string;
  cacheFile: string;
  chunk?: ChunkOptions;
  maxArticleBytes?: number;
  shard?: { index: number; count: number };
};
const archive = await openArchive({
  dataDir,
  cacheFile,
  ...(shard ? { onlySlugs: (slug: string) => shardOf(slug, shard.count) === shard.index } : {}),
  ...(chunk ? { chunk } : {}),
  ...(maxArticleBytes ? { maxArticleBytes } : {}),
});
parentPort?.postMessage({ fingerprint: archive.build.fingerprint, source: archive.build.source });
