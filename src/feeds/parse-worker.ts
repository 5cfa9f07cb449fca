import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { itemArticle, type PageOutcome } from './item-article.js';
import { type FeedItem, FeedParseError, parseFeed } from './parse-feed.js';

/**
 * Runs in a worker thread: feed parsing and Readability on fetched pages. A 5 MB page holds a thread
 * for over a second, which the thread answering questions must not spend.
 */
export type ParseJob =
  | { id: number; kind: 'feed'; body: Uint8Array; contentType: string; baseUrl: string }
  | { id: number; kind: 'article'; item: FeedItem; feedTitle?: string; page: PageOutcome };

export type ParseReply =
  | { id: number; started: true }
  | { id: number; ok: unknown }
  | { id: number; error: string; parse: boolean };

// Background work yields the CPU to the bot's thread (Linux: per-thread nice value).
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // not permitted: normal priority
  }
}

parentPort?.on('message', (job: ParseJob) => {
  parentPort?.postMessage({ id: job.id, started: true } satisfies ParseReply);
  try {
    const ok =
      job.kind === 'feed'
        ? parseFeed(Buffer.from(job.body), job.contentType, job.baseUrl)
        : itemArticle(job.item, job.feedTitle, job.page);
    parentPort?.postMessage({ id: job.id, ok } satisfies ParseReply);
  } catch (err) {
    parentPort?.postMessage({
      id: job.id,
      error: err instanceof Error ? err.message : String(err),
      parse: err instanceof FeedParseError,
    } satisfies ParseReply);
  }
});
