import type { AnswerService, AskOptions } from './answer-service.js';
import { type Archive, rebuildArchive } from './archive.js';
import type { LoadProblem } from './articles.js';
import type { ChunkOptions } from './chunker.js';
import type { Clock } from './clock.js';
import type { OnThisDayOptions } from './on-this-day.js';
import { computeTrend, type Trend, type TrendRange } from './trend.js';
import type { Answer, ArticleView, CalendarDate, CorpusStats, OnThisDay, PassageHit } from './types.js';

/** A reindex as the live watcher asks for it. */
export interface RebuildRequest {
  dataDir: string;
  sliceMs?: number;
  chunk?: ChunkOptions;
  maxArticleBytes?: number;
  signal?: AbortSignal;
}

/** What a reindex did: the files that could not be loaded, and the new size when it swapped. */
export interface RebuildOutcome {
  problems: LoadProblem[];
  swapped?: { articles: number; passages: number };
}

/**
 * What commands, the pipeline and the adapters ask of the archive. Asynchronous because the search may
 * run in worker threads (src/search/); {@link InProcessAnswers} answers on the calling thread.
 */
export interface Answers {
  readonly clock: Clock;
  /** Longest question accepted, in characters (for messages that name the limit). */
  readonly maxQuestionChars: number;
  ask(question: string, options?: AskOptions): Promise<Answer>;
  suggest(question: string): Promise<string[]>;
  onThisDay(date: CalendarDate | string, options?: OnThisDayOptions): Promise<OnThisDay>;
  article(slugOrTitle: string): Promise<ArticleView | undefined>;
  completeTitles(
    partial: string,
    limit?: number,
  ): Promise<Array<{ slug: string; title: string; date: string }>>;
  sources(partial?: string, limit?: number): Promise<string[]>;
  stats(): Promise<CorpusStats>;
  passage(id: string): Promise<PassageHit | undefined>;
  trend(topic: string, range?: TrendRange): Promise<Trend>;
  /** Slugs of the articles held now. */
  slugs(): string[];
  /** Articles and passages held now (health checks, metrics). */
  size(): { articles: number; passages: number };
  /** Files that could not be loaded, as of the last load. */
  problems(): LoadProblem[];
  /** Fingerprint of the articles being served (a reindex with the same fingerprint builds nothing). */
  fingerprint(): string;
  /** Rebuilds from the articles folder and swaps the result in whole; questions in flight finish on the old one. */
  rebuild(request: RebuildRequest): Promise<RebuildOutcome>;
  /** Where the saved index lives and which shard each file is, for refreshing it after a rebuild. */
  readonly cacheParts?: ReadonlyArray<{ shard: { index: number; count: number } }>;
  /** Stops worker threads, if any. */
  close(): Promise<void>;
}

/** Rebuilds an archive in slices; given, so this core module needs no file-system code of its own. */
export type Rebuilder = (
  request: RebuildRequest & { unlessFingerprint: string },
) => Promise<{ archive: Archive | undefined; problems: LoadProblem[] }>;

/** The answer service on the calling thread (tests, scripts, `SEARCH_WORKERS=0`). */
export class InProcessAnswers implements Answers {
  readonly service: AnswerService;
  readonly #rebuild: Rebuilder;

  constructor(service: AnswerService, rebuild: Rebuilder = rebuildArchive) {
    this.service = service;
    this.#rebuild = rebuild;
  }

  get clock(): Clock {
    return this.service.clock;
  }
  get maxQuestionChars(): number {
    return this.service.maxQuestionChars;
  }
  async ask(question: string, options?: AskOptions): Promise<Answer> {
    return this.service.ask(question, options);
  }
  async suggest(question: string): Promise<string[]> {
    return this.service.suggest(question);
  }
  async onThisDay(date: CalendarDate | string, options?: OnThisDayOptions): Promise<OnThisDay> {
    return this.service.onThisDay(date, options);
  }
  async article(slugOrTitle: string): Promise<ArticleView | undefined> {
    return this.service.article(slugOrTitle);
  }
  async completeTitles(partial: string, limit?: number) {
    return this.service.completeTitles(partial, limit);
  }
  async sources(partial?: string, limit?: number): Promise<string[]> {
    return this.service.sources(partial, limit);
  }
  async stats(): Promise<CorpusStats> {
    return this.service.stats();
  }
  async passage(id: string): Promise<PassageHit | undefined> {
    return this.service.passage(id);
  }
  async trend(topic: string, range?: TrendRange): Promise<Trend> {
    return computeTrend(this.service.archive, topic, range);
  }
  slugs(): string[] {
    return [...this.service.archive.articles.keys()];
  }
  size() {
    const { articles, passages } = this.service.archive;
    return { articles: articles.size, passages: passages.size };
  }
  problems(): LoadProblem[] {
    return this.service.archive.problems;
  }
  fingerprint(): string {
    return this.service.archive.build.fingerprint;
  }
  async rebuild(request: RebuildRequest): Promise<RebuildOutcome> {
    const current = this.service.archive;
    const { archive, problems } = await this.#rebuild({ ...request, unlessFingerprint: this.fingerprint() });
    if (request.signal?.aborted) return { problems };
    if (!archive) {
      // Same articles; only the list of broken files may differ (what /about counts).
      const key = (p: LoadProblem) => `${p.path}:${p.line}: ${p.message}`;
      if (problems.map(key).join('\n') !== current.problems.map(key).join('\n')) {
        this.service.replaceArchive({ ...current, problems });
      }
      return { problems };
    }
    this.service.replaceArchive(archive);
    return { problems, swapped: { articles: archive.articles.size, passages: archive.passages.size } };
  }
  async close(): Promise<void> {}
}
