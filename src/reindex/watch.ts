import path from 'node:path';
import { watch } from 'chokidar';
import type { AnswerService } from '../core/answer-service.js';
import { openArchive } from '../core/archive.js';
import type { ChunkOptions } from '../core/chunker.js';
import type { Logger } from '../logger.js';

/** What a reindex did, for logs, metrics and tests. */
export type ReindexEvent =
  | { type: 'start' }
  | { type: 'swapped'; articles: number; passages: number; ms: number }
  | { type: 'unchanged'; ms: number }
  | { type: 'failed'; error: unknown };

export interface WatchArchiveOptions {
  /** The articles folder the running archive was opened from. */
  dataDir: string;
  /** Where the index is saved (as for openArchive); a rebuild refreshes it so a restart loads it. */
  cacheFile?: string | false;
  answers: AnswerService;
  logger: Logger;
  /** Quiet time after the last change before rebuilding, so a bulk import costs one rebuild. Default 500. */
  debounceMs?: number;
  /** Longest a steady stream of changes can postpone a rebuild. Default 10 000. */
  maxWaitMs?: number;
  chunk?: ChunkOptions;
  onEvent?: (event: ReindexEvent) => void;
}

export interface ArchiveWatcher {
  /** Resolves once the folder is being watched: changes after this are picked up. */
  ready: Promise<void>;
  /** Rebuilds now (or right after a rebuild in progress) and resolves when that is done. */
  reindex(): Promise<void>;
  /** Stops watching; a rebuild in progress finishes but is not swapped in. */
  close(): Promise<void>;
}

/**
 * Passages indexed per slice of a live rebuild (a few ms of work): between slices, questions waiting in
 * the event loop are answered.
 */
const CHUNK_SIZE = 200;

/**
 * Live reindex: watches the articles folder and, when `.md` files are added, changed or removed,
 * rebuilds the archive and swaps it into the answer service in one step. The rebuild pauses every few
 * milliseconds so questions keep being answered (from the old archive) meanwhile; a failed rebuild
 * is logged and the old archive stays. The watcher does not keep the process alive on its own.
 */
export function watchArchive(options: WatchArchiveOptions): ArchiveWatcher {
  const { answers, logger } = options;
  const debounceMs = options.debounceMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const root = path.resolve(options.dataDir);
  let timer: NodeJS.Timeout | undefined;
  let firstChangeAt: number | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const emit = (e: ReindexEvent) => options.onEvent?.(e);

  const rebuild = async (): Promise<void> => {
    const started = performance.now();
    emit({ type: 'start' });
    try {
      const archive = await openArchive({
        dataDir: options.dataDir,
        cacheFile: options.cacheFile ?? false,
        chunkSize: CHUNK_SIZE,
        ...(options.chunk ? { chunk: options.chunk } : {}),
      });
      if (closed) return;
      const ms = Math.round(performance.now() - started);
      if (archive.build.fingerprint === answers.archive.build.fingerprint) {
        emit({ type: 'unchanged', ms });
        return;
      }
      answers.replaceArchive(archive);
      for (const p of archive.problems) {
        logger.warn({ file: p.path, line: p.line }, `skipped ${p.path}:${p.line}: ${p.message}`);
      }
      logger.info(
        { articles: archive.articles.size, passages: archive.passages.size, ms },
        'archive reindexed',
      );
      emit({ type: 'swapped', articles: archive.articles.size, passages: archive.passages.size, ms });
    } catch (error) {
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
    // Only article files matter (temporary files of an import or of the index cache are not articles).
    ignored: (p, stats) => stats?.isFile() === true && !p.toLowerCase().endsWith('.md'),
  });
  for (const event of ['add', 'change', 'unlink', 'unlinkDir'] as const) watcher.on(event, schedule);
  watcher.on('error', (err) => logger.warn({ err }, 'article folder watch error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    reindex: () => {
      if (timer) clearTimeout(timer);
      return run();
    },
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
