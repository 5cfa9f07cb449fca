import path from 'node:path';
import { watch } from 'chokidar';
import type { Answers } from '../core/answers-port.js';
import type { LoadProblem } from '../core/articles.js';
import type { ChunkOptions } from '../core/chunker.js';
import { shardCacheFile } from '../search/partition.js';
import { type CacheRefresher, cacheRefresher } from './cache-refresh.js';

const problemKey = (p: LoadProblem) => `${p.path}:${p.line}: ${p.message}`;

/** What a reindex did, for logs, metrics and tests. */
export type ReindexEvent =
  | { type: 'start' }
  | { type: 'swapped'; articles: number; passages: number; ms: number }
  | { type: 'unchanged'; ms: number }
  | { type: 'failed'; error: unknown }
  | { type: 'cache-saved'; fingerprint: string };

/** The little of a logger the live reindex needs (pino's Logger fits). */
export interface ReindexLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface LiveReindexDeps {
  /** The articles folder the running archive was opened from. */
  dataDir: string;
  /** Where the index is saved (as for openArchive); refreshed after each swap so a restart loads it. */
  cacheFile?: string | false;
  answers: Answers;
  logger: ReindexLogger;
  /** Quiet time after the last change before rebuilding, so a bulk import costs one rebuild. Default 500. */
  debounceMs?: number;
  /** Longest a steady stream of changes can postpone a rebuild. Default 10 000. */
  maxWaitMs?: number;
  /** Longest stretch of rebuild work between two yields to the event loop. Default 5 ms. */
  sliceMs?: number;
  chunk?: ChunkOptions;
  /** As for openArchive: the same limit as at start, so a reindex skips the same files. */
  maxArticleBytes?: number;
  onEvent?: (event: ReindexEvent) => void;
  /**
   * Poll every this many ms instead of OS change events: on NFS, SMB or a shared volume, a file written
   * by another host raises no inotify event here. Unset: OS events.
   */
  pollMs?: number;
}

export interface LiveReindex {
  /** Resolves once the folder is watched and the archive caught up with it (files added during start). */
  ready: Promise<void>;
  /** Rebuilds now (or right after a rebuild in progress) and resolves when that is done. */
  reindex(): Promise<void>;
  /** Stops watching; a rebuild in progress finishes but is not swapped in. */
  close(): Promise<void>;
}

/**
 * Live reindex: watches the articles folder and, when `.md` files are added, changed or removed,
 * rebuilds the archive in slices (questions waiting meanwhile are answered from the old archive) and
 * swaps it into the answer service in one step, then refreshes the saved index in a worker thread.
 * A failed rebuild is logged and the old archive stays. Nothing here keeps the process alive.
 */
export function startLiveReindex(deps: LiveReindexDeps): LiveReindex {
  const { answers, logger } = deps;
  const debounceMs = deps.debounceMs ?? 500;
  const maxWaitMs = deps.maxWaitMs ?? 10_000;
  const root = path.resolve(deps.dataDir);
  let timer: NodeJS.Timeout | undefined;
  let firstChangeAt: number | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const emit = (e: ReindexEvent) => deps.onEvent?.(e);

  // A sharded search saves one file per shard; each is refreshed in its own background worker.
  const { cacheFile } = deps;
  const caches: CacheRefresher[] = cacheFile
    ? (answers.cacheParts ?? [undefined]).map((part) =>
        cacheRefresher({
          dataDir: deps.dataDir,
          cacheFile: part ? shardCacheFile(cacheFile, part.shard.index, part.shard.count) : cacheFile,
          ...(part ? { shard: part.shard } : {}),
          ...(deps.chunk ? { chunk: deps.chunk } : {}),
          ...(deps.maxArticleBytes ? { maxArticleBytes: deps.maxArticleBytes } : {}),
          onDone: (r) => {
            if ('error' in r)
              logger.warn({ err: r.error }, 'saved index not refreshed; a restart rebuilds it');
            else emit({ type: 'cache-saved', fingerprint: r.fingerprint });
          },
        }),
      )
    : [];

  // Files already reported (at start or by an earlier rebuild) are not reported again.
  const reported = new Set(answers.problems().map(problemKey));
  const abort = new AbortController();

  const rebuild = async (): Promise<void> => {
    const started = performance.now();
    emit({ type: 'start' });
    try {
      const { problems, swapped } = await answers.rebuild({
        dataDir: deps.dataDir,
        signal: abort.signal,
        ...(deps.sliceMs ? { sliceMs: deps.sliceMs } : {}),
        ...(deps.chunk ? { chunk: deps.chunk } : {}),
        ...(deps.maxArticleBytes ? { maxArticleBytes: deps.maxArticleBytes } : {}),
      });
      if (closed) return;
      for (const p of problems.filter((x) => !reported.has(problemKey(x)))) {
        logger.warn({ file: p.path, line: p.line }, `skipped ${p.path}:${p.line}: ${p.message}`);
      }
      reported.clear();
      for (const p of problems) reported.add(problemKey(p));
      const ms = Math.round(performance.now() - started);
      if (!swapped) {
        emit({ type: 'unchanged', ms });
        return;
      }
      logger.info({ ...swapped, ms }, 'archive reindexed');
      emit({ type: 'swapped', ...swapped, ms });
      for (const cache of caches) cache.request();
    } catch (error) {
      if (closed) return;
      logger.error({ err: error }, 'reindex failed; still answering from the previous archive');
      emit({ type: 'failed', error });
    }
  };

  /** One rebuild at a time; changes during a rebuild cause exactly one more afterwards. */
  let next: { promise: Promise<void>; resolve: () => void } | undefined;
  const run = (): Promise<void> => {
    timer = undefined;
    firstChangeAt = undefined;
    if (running) {
      again = true;
      if (!next) {
        let resolve = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        next = { promise, resolve };
      }
      return next.promise;
    }
    running = rebuild().finally(() => {
      running = undefined;
      const waiting = next;
      next = undefined;
      if (again && !closed) {
        again = false;
        void run().then(() => waiting?.resolve());
      } else waiting?.resolve();
    });
    return running;
  };

  const schedule = () => {
    if (closed) return;
    const now = performance.now();
    firstChangeAt ??= now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstChangeAt + maxWaitMs - now));
    timer = setTimeout(() => void run(), wait);
    timer.unref();
  };

  const watcher = watch(root, {
    ignoreInitial: true,
    persistent: false,
    ...(deps.pollMs ? { usePolling: true, interval: deps.pollMs, binaryInterval: deps.pollMs } : {}),
    // Only article files matter (temporary files of an import or of the index cache are not articles).
    ignored: (p, stats) => stats?.isFile() === true && !p.toLowerCase().endsWith('.md'),
  });
  for (const event of ['add', 'change', 'unlink', 'unlinkDir'] as const) watcher.on(event, schedule);
  watcher.on('error', (err) => logger.warn({ err }, 'article folder watch error'));
  // Files added while the archive was first loading raised no event: one catch-up check once watching.
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      logger.info({ dataDir: root }, 'watching the articles folder for changes');
      void run().then(resolve);
    }),
  );

  return {
    ready,
    reindex: () => {
      if (timer) clearTimeout(timer);
      return run();
    },
    close: async () => {
      closed = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
      await Promise.all(caches.map((c) => c.close()));
    },
  };
}
