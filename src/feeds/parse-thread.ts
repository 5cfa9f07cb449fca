import { Worker } from 'node:worker_threads';
import { workerEntry } from '../lifecycle/worker-url.js';
import type { ItemArticle, PageOutcome } from './item-article.js';
import { type FeedItem, FeedParseError, type ParsedFeed } from './parse-feed.js';
import type { ParseJob, ParseReply } from './parse-worker.js';

type Pending = { resolve(v: unknown): void; reject(e: Error): void; timer?: NodeJS.Timeout };
type JobInput = ParseJob extends infer J ? (J extends ParseJob ? Omit<J, 'id'> : never) : never;

/**
 * Feed parsing and page extraction in one worker thread, started on first use and stopped with the
 * poller. A job that runs past `timeoutMs` (a pathological page) has the worker terminated; the next
 * job starts a fresh one. Its heap is capped, so a hostile document cannot grow the bot's memory unbounded.
 */
export class ParseThread {
  readonly #timeoutMs: number;
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  feed(body: Buffer, contentType: string, baseUrl: string): Promise<ParsedFeed> {
    return this.#run({ kind: 'feed', body, contentType, baseUrl }) as Promise<ParsedFeed>;
  }

  article(item: FeedItem, feedTitle: string | undefined, page: PageOutcome): Promise<ItemArticle> {
    return this.#run({
      kind: 'article',
      item,
      ...(feedTitle ? { feedTitle } : {}),
      page,
    }) as Promise<ItemArticle>;
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error('the parse thread was stopped'));
    await w?.terminate();
  }

  #run(input: JobInput): Promise<unknown> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // A body that owns its whole ArrayBuffer is moved to the worker, not copied.
      const body = input.kind === 'feed' ? input.body : 'body' in input.page ? input.page.body : undefined;
      const movable = body && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      worker.postMessage({ ...input, id } as ParseJob, movable ? [body.buffer as ArrayBuffer] : []);
    });
  }

  /**
   * The job's clock starts when the worker starts it (not while the worker boots or finishes the job
   * before). Past the limit the worker is stuck in it: it is replaced, and the jobs queued in it fail
   * (their items are tried again at the next poll).
   */
  #started(id: number, worker: Worker): void {
    const job = this.#pending.get(id);
    if (!job) return;
    job.timer = setTimeout(() => {
      this.#pending.delete(id);
      job.reject(new FeedParseError(`parsing took longer than ${this.#timeoutMs} ms`));
      if (this.#worker === worker) {
        this.#worker = undefined;
        this.#failAll(new Error('the parse thread was replaced after a job ran too long'));
      }
      void worker.terminate();
    }, this.#timeoutMs);
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const entry = workerEntry(new URL('./parse-worker.ts', import.meta.url));
    const w = new Worker(entry.url, {
      workerData: entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    w.unref(); // parsing must not keep a stopping bot alive
    w.on('message', (reply: ParseReply) => {
      if ('started' in reply) return this.#started(reply.id, w);
      const job = this.#pending.get(reply.id);
      if (!job) return;
      this.#pending.delete(reply.id);
      clearTimeout(job.timer);
      if ('ok' in reply) job.resolve(reply.ok);
      else job.reject(reply.parse ? new FeedParseError(reply.error) : new Error(reply.error));
    });
    const gone = (why: Error) => {
      if (this.#worker === w) {
        this.#worker = undefined;
        this.#failAll(why);
      }
    };
    w.on('error', (err) => gone(err));
    w.on('exit', (code) => gone(new Error(`the parse thread exited (code ${code})`)));
    this.#worker = w;
    return w;
  }

  #failAll(err: Error): void {
    for (const [id, job] of this.#pending) {
      clearTimeout(job.timer);
      job.reject(err);
      this.#pending.delete(id);
    }
  }
}
