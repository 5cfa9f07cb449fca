import { Worker } from 'node:worker_threads';
import type { AskOptions } from '../core/answer-service.js';
import type { Answers, RebuildOutcome, RebuildRequest } from '../core/answers-port.js';
import type { LoadProblem } from '../core/articles.js';
import type { ChunkOptions } from '../core/chunker.js';
import { type Clock, systemClock } from '../core/clock.js';
import { formatCalendarDate } from '../core/dates.js';
import { ArchivistError, type ArchivistErrorCode } from '../core/errors.js';
import { publishersLike } from '../core/filters.js';
import type { OnThisDayOptions } from '../core/on-this-day.js';
import { slugOfPassage } from '../core/passage-ids.js';
import { type IndexStats, sumStats } from '../core/passage-index.js';
import type { Trend, TrendRange } from '../core/trend.js';
import type {
  Answer,
  ArticleView,
  CalendarDate,
  CorpusStats,
  OnThisDay,
  PassageHit,
  Source,
} from '../core/types.js';
import { workerEntry } from '../lifecycle/worker-url.js';
import { mergeOnThisDay, mergeRankings, mergeTitles, mergeTrends, type SketchedRanking } from './merge.js';
import { shardCacheFile, shardOf } from './partition.js';
import type { FromShard, ShardSetup, ShardSummary, ToShard } from './protocol.js';
import { removeStaleShardCaches } from './stale-shard-caches.js';

export interface ShardedOptions {
  dataDir: string;
  /** Worker threads, one shard each (at least 1). */
  shards: number;
  /** The configured saved-index file; each shard saves its own beside it. */
  cacheFile: string | false;
  chunk?: ChunkOptions;
  maxArticleBytes?: number;
  maxQuestionChars?: number;
  defaultLimit?: number;
  clock?: Clock;
  /** The worker's script; default shard-worker.ts beside this file (tests wrap it to crash one). */
  workerModule?: URL;
  /** Told when a shard's thread stopped unexpectedly and when its replacement is serving. */
  onShardEvent?: (event: ShardEvent) => void;
}

export type ShardEvent =
  | { type: 'crashed'; shard: number; error: Error }
  | { type: 'restarted'; shard: number; ms: number }
  | { type: 'restart-failed'; shard: number; error: Error };

/** A shard that keeps crashing is not restarted more than this often (per shard, per minute). */
const MAX_RESTARTS_PER_MINUTE = 3;

/** Below this many passages found by the exact pass, every long word is searched with typo tolerance. */
const TYPO_PASS_BELOW = 3;
/** Answers given before any search. */
const NOT_SEARCHED = new Set(['empty-question', 'too-long', 'no-meaningful-words']);

class Shard {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 0;
  #stopped: Error | undefined;
  #closing = false;
  #ready = false;
  summary!: ShardSummary;
  readonly loaded: Promise<void>;

  /** `onCrash`: the thread ended without being stopped (after loading; a load failure rejects `loaded`). */
  constructor(setup: ShardSetup, module: URL, onCrash: (err: Error) => void) {
    const entry = workerEntry(module);
    this.#worker = new Worker(entry.url, { workerData: { ...entry.workerData, ...setup } });
    this.loaded = new Promise((resolve, reject) => {
      this.#worker.on('message', (m: FromShard) => {
        if (m.type === 'loaded') {
          this.summary = m.summary;
          this.#ready = true;
          this.#worker.unref();
          resolve();
        } else if (m.type === 'failed') {
          reject(
            m.code
              ? new ArchivistError(m.code as ArchivistErrorCode, m.message)
              : new Error(`search shard ${setup.shard.index + 1} failed to load: ${m.message}`),
          );
        } else {
          const w = this.#waiting.get(m.id);
          this.#waiting.delete(m.id);
          if (this.#waiting.size === 0) this.#worker.unref();
          if (m.type === 'result') w?.resolve(m.value);
          else w?.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
        }
      });
      const stop = (err: Error) => {
        if (this.#stopped) return;
        this.#stopped = err;
        reject(err);
        for (const w of this.#waiting.values()) w.reject(err);
        this.#waiting.clear();
        if (this.#ready && !this.#closing) onCrash(err);
      };
      this.#worker.on('error', (err) => stop(err));
      this.#worker.on('exit', (code) =>
        stop(new Error(`search shard ${setup.shard.index + 1} stopped (exit code ${code})`)),
      );
    });
    this.loaded.catch(() => {}); // awaited by the pool; an unawaited rejection must not crash first
  }

  #send<T>(m: Omit<ToShard, 'id'>): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      // Referenced only while a reply is awaited: an idle pool never keeps a finished process alive.
      if (this.#waiting.size === 0) this.#worker.ref();
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...m, id } as ToShard);
    });
  }

  /** Settles once this shard may answer: at once for a started pool, after loading for a restarted shard. */
  serving: Promise<void> = Promise.resolve();

  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    await this.serving;
    return this.#send<T>({ type: 'call', method, args } as Omit<ToShard, 'id'>);
  }

  /** Waits for the thread to load: a restarted shard cannot take statistics before its archive exists. */
  async global(stats: IndexStats, commit: boolean): Promise<void> {
    await this.loaded;
    return this.#send({ type: 'global', stats, commit } as Omit<ToShard, 'id'>);
  }

  async stop(): Promise<void> {
    this.#closing = true;
    await this.#worker.terminate();
  }
}

/**
 * The archive split by article across worker threads, one index shard each: questions are scattered
 * to every shard and the best passages gathered, so searching never holds the bot's own thread.
 * Every shard scores with the archive-wide statistics, so results merge as one index's would.
 */
export class ShardedAnswers implements Answers {
  readonly clock: Clock;
  readonly maxQuestionChars: number;
  readonly cacheParts: ReadonlyArray<{ shard: { index: number; count: number } }>;
  readonly #shards: Shard[];
  readonly #setups: ShardSetup[];
  readonly #module: URL;
  readonly #onEvent: ((event: ShardEvent) => void) | undefined;
  /** The archive-wide statistics the shards score with; a restarted shard is given them too. */
  #global: IndexStats;
  readonly #restarts = new Map<number, number[]>();
  #closed = false;

  private constructor(
    shards: Shard[],
    setups: ShardSetup[],
    global: IndexStats,
    module: URL,
    options: ShardedOptions,
  ) {
    this.#shards = shards;
    this.#setups = setups;
    this.#global = global;
    this.#module = module;
    this.#onEvent = options.onShardEvent;
    this.clock = options.clock ?? systemClock;
    this.maxQuestionChars = options.maxQuestionChars ?? 500;
    this.cacheParts = shards.map((_, index) => ({ shard: { index, count: shards.length } }));
  }

  /** Starts the shards (each loads its saved index or builds its part, in parallel) and shares their statistics. */
  static async open(options: ShardedOptions): Promise<ShardedAnswers> {
    const count = Math.max(1, Math.floor(options.shards));
    const module = options.workerModule ?? new URL('./shard-worker.ts', import.meta.url);
    const setups: ShardSetup[] = Array.from({ length: count }, (_, index) => ({
      dataDir: options.dataDir,
      shard: { index, count },
      cacheFile: options.cacheFile ? shardCacheFile(options.cacheFile, index, count) : false,
      ...(options.chunk ? { chunk: options.chunk } : {}),
      ...(options.maxArticleBytes ? { maxArticleBytes: options.maxArticleBytes } : {}),
      ...(options.maxQuestionChars ? { maxQuestionChars: options.maxQuestionChars } : {}),
      ...(options.defaultLimit ? { defaultLimit: options.defaultLimit } : {}),
    }));
    // The pool exists only once every shard loaded; a crash before that fails the start instead.
    let pool: ShardedAnswers | undefined;
    const shards = setups.map((setup, index) => new Shard(setup, module, (err) => pool?.restart(index, err)));
    let global: IndexStats;
    try {
      await Promise.all(shards.map((s) => s.loaded));
      global = sumStats(shards.map((s) => s.summary.stats));
      await Promise.all(shards.map((s) => s.global(global, false)));
    } catch (err) {
      await Promise.all(shards.map((s) => s.stop()));
      throw err;
    }
    for (const s of shards) s.summary.stats = { ...s.summary.stats, df: new Map() }; // the workers hold them
    pool = new ShardedAnswers(shards, setups, global, module, options);
    // Indexes saved for another shard count would lie there forever: this count's are the ones read.
    if (options.cacheFile) await removeStaleShardCaches(options.cacheFile, count);
    return pool;
  }

  /**
   * Replaces a shard whose thread died (an out-of-memory question, a bug): the new thread loads the
   * shard's saved index or its articles, gets the archive-wide statistics, and answers from then on;
   * questions sent meanwhile wait for it. A shard crashing again and again is left down (and reported)
   * rather than restarted in a loop.
   */
  private restart(index: number, error: Error): void {
    if (this.#closed) return;
    this.#onEvent?.({ type: 'crashed', shard: index, error });
    const now = Date.now();
    const recent = (this.#restarts.get(index) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= MAX_RESTARTS_PER_MINUTE) {
      const why = new Error(`search shard ${index + 1} crashed ${recent.length + 1} times in a minute`);
      this.#onEvent?.({ type: 'restart-failed', shard: index, error: why });
      return;
    }
    this.#restarts.set(index, [...recent, now]);
    const started = performance.now();
    const old = this.#shards[index] as Shard;
    const fresh = new Shard(this.#setups[index] as ShardSetup, this.#module, (err) =>
      this.restart(index, err),
    );
    fresh.summary = old.summary; // until it has loaded: listings and /about stay whole
    fresh.serving = (async () => {
      await fresh.loaded;
      await fresh.global(this.#global, false);
      fresh.summary.stats = { ...fresh.summary.stats, df: new Map() };
    })();
    fresh.serving.then(
      () => this.#onEvent?.({ type: 'restarted', shard: index, ms: performance.now() - started }),
      (err: Error) => this.#onEvent?.({ type: 'restart-failed', shard: index, error: err }),
    );
    this.#shards[index] = fresh;
  }

  #all<T>(method: string, ...args: unknown[]): Promise<T[]> {
    return Promise.all(this.#shards.map((s) => s.call<T>(method, ...args)));
  }

  #shardOfSlug(slug: string): Shard {
    return this.#shards[shardOf(slug, this.#shards.length)] as Shard;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    let rankings = await this.#all<SketchedRanking>('ranking', question, options);
    // Typo tolerance on every word only when the whole archive's exact pass found too little.
    const firstPass = rankings.reduce((n, r) => n + r.firstPass, 0);
    const searched = !NOT_SEARCHED.has(rankings[0]?.answer.reason ?? '');
    if (searched && firstPass < TYPO_PASS_BELOW) {
      rankings = await this.#all<SketchedRanking>('ranking', question, { ...options, typoPass: true });
    }
    let merged = mergeRankings(rankings);
    while (merged.deeper) {
      const more = {
        ...options,
        depth: merged.deeper,
        ...(firstPass < TYPO_PASS_BELOW ? { typoPass: true } : {}),
      };
      merged = mergeRankings(await this.#all<SketchedRanking>('ranking', question, more), more.depth);
    }
    const { answer, page } = merged;
    const also = page.flatMap((p) => p.alsoIn);
    const [rendered, sources] = await Promise.all([
      Promise.all(
        this.#shards.map((s, i) => {
          const mine = page.filter((p) => p.hit.shard === i).map((p) => p.hit);
          return mine.length ? s.call<PassageHit[]>('render', mine) : Promise.resolve([]);
        }),
      ),
      Promise.all(
        this.#shards.map(async (s, i) => {
          const ids = also.filter((h) => h.shard === i).map((h) => h.id);
          const found = ids.length ? await s.call<Array<Source | undefined>>('sources', ids) : [];
          return ids.map((id, k) => [id, found[k]] as const);
        }),
      ),
    ]);
    const byId = new Map(rendered.flat().map((p) => [p.id, p]));
    const sourceOf = new Map(sources.flat());
    const passages = page.flatMap(({ hit, alsoIn }) => {
      const p = byId.get(hit.id);
      if (!p) return [];
      const alsoSources = alsoIn.map((h) => sourceOf.get(h.id)).filter((x): x is Source => x !== undefined);
      return [alsoSources.length ? { ...p, alsoIn: alsoSources } : p];
    });
    const suggestions =
      answer.reason === 'no-match' ? await this.suggest(answer.question) : answer.suggestions;
    return { ...answer, passages, suggestions, tookMs: performance.now() - started };
  }

  async suggest(question: string): Promise<string[]> {
    return [...new Set((await this.#all<string[]>('suggest', question)).flat())];
  }

  async onThisDay(date: CalendarDate | string, options: OnThisDayOptions = {}): Promise<OnThisDay> {
    const day = typeof date === 'string' ? date : formatCalendarDate(date);
    return mergeOnThisDay(await this.#all<OnThisDay>('onThisDay', day, options), options.limit ?? 10);
  }

  async article(slugOrTitle: string): Promise<ArticleView | undefined> {
    type Found = { bySlug?: ArticleView; exact?: ArticleView; containing?: number; only?: ArticleView };
    const found = await this.#all<Found>('findArticle', slugOrTitle);
    const bySlug = found.find((f) => f.bySlug)?.bySlug;
    if (bySlug) return bySlug;
    const exact = found.find((f) => f.exact)?.exact;
    if (exact) return exact;
    const containing = found.reduce((n, f) => n + (f.containing ?? 0), 0);
    return containing === 1 ? found.find((f) => f.only)?.only : undefined;
  }

  async completeTitles(partial: string, limit = 25) {
    type Title = { slug: string; title: string; date: string };
    return mergeTitles(await this.#all<Title[]>('completeTitles', partial, limit), partial, limit);
  }

  async sources(partial = '', limit = 25): Promise<string[]> {
    const counts = new Map<string, number>();
    for (const list of await this.#all<Array<[string, number]>>('publishers')) {
      for (const [name, n] of list) counts.set(name, (counts.get(name) ?? 0) + n);
    }
    const articles = [...counts].flatMap(([source, n]) => Array.from({ length: n }, () => ({ source })));
    return publishersLike(articles, partial, limit);
  }

  async stats(): Promise<CorpusStats> {
    const parts = await this.#all<CorpusStats>('stats');
    const oldest = parts.flatMap((p) => (p.oldest ? [p.oldest] : [])).sort()[0];
    const newest = parts
      .flatMap((p) => (p.newest ? [p.newest] : []))
      .sort()
      .at(-1);
    const rebuilt = (['damaged', 'stale', 'missing'] as const).find((why) =>
      parts.some((p) => p.index.rebuilt === why),
    );
    return {
      articles: parts.reduce((n, p) => n + p.articles, 0),
      passages: parts.reduce((n, p) => n + p.passages, 0),
      words: parts.reduce((n, p) => n + p.words, 0),
      ...(oldest ? { oldest } : {}),
      ...(newest ? { newest } : {}),
      index: {
        source: parts.every((p) => p.index.source === 'cache') ? 'cache' : 'built',
        ms: Math.max(0, ...parts.map((p) => p.index.ms)),
        fingerprint: this.fingerprint(),
        // The most telling reason any shard rebuilt: an unreadable save before a stale or missing one.
        ...(rebuilt ? { rebuilt } : {}),
      },
      problems: parts.reduce((n, p) => n + p.problems, 0),
    };
  }

  async passage(id: string): Promise<PassageHit | undefined> {
    return this.#shardOfSlug(slugOfPassage(id)).call<PassageHit | undefined>('passage', id);
  }

  async trend(topic: string, range: TrendRange = {}): Promise<Trend> {
    const oldest = this.#shards.flatMap((s) => (s.summary.oldest ? [s.summary.oldest] : [])).sort()[0];
    const newest = this.#shards
      .flatMap((s) => (s.summary.newest ? [s.summary.newest] : []))
      .sort()
      .at(-1);
    const span = oldest && newest ? { span: { oldest, newest } } : {};
    return mergeTrends(await this.#all<Trend>('trend', topic, { ...range, ...span }));
  }

  slugs(): string[] {
    return this.#shards.flatMap((s) => s.summary.slugs);
  }

  size() {
    return {
      articles: this.#shards.reduce((n, s) => n + s.summary.articles, 0),
      passages: this.#shards.reduce((n, s) => n + s.summary.passages, 0),
    };
  }

  problems(): LoadProblem[] {
    return this.#shards.flatMap((s) => s.summary.problems).sort((a, b) => a.path.localeCompare(b.path));
  }

  fingerprint(): string {
    return this.#shards.map((s) => s.summary.fingerprint).join('+');
  }

  /**
   * Every shard rebuilds its part (in slices, answering meanwhile); once all are done the new statistics
   * are shared and every shard swaps in the same step, so no question sees half an old archive.
   */
  async rebuild(request: RebuildRequest): Promise<RebuildOutcome> {
    type Rebuilt = { summary: ShardSummary; changed: boolean };
    const results = await this.#all<Rebuilt>('rebuild', {
      ...(request.sliceMs ? { sliceMs: request.sliceMs } : {}),
    });
    const problems = results.flatMap((r) => r.summary.problems).sort((a, b) => a.path.localeCompare(b.path));
    if (request.signal?.aborted) return { problems };
    if (!results.some((r) => r.changed)) {
      results.forEach((r, i) => {
        (this.#shards[i] as Shard).summary.problems = r.summary.problems;
      });
      return { problems };
    }
    const global = sumStats(results.map((r) => r.summary.stats));
    this.#global = global;
    // Sent to every shard in one synchronous step: a question sent after it sees only new shards.
    const committed = this.#shards.map((s) => s.global(global, true));
    results.forEach((r, i) => {
      (this.#shards[i] as Shard).summary = { ...r.summary, stats: { ...r.summary.stats, df: new Map() } };
    });
    await Promise.all(committed);
    return { problems, swapped: this.size() };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#shards.map((s) => s.stop()));
  }
}
