import { archiveAcronyms } from './acronyms.js';
import { analyseQuestion, RELATED_TERM_WEIGHT } from './analysis.js';
import type { Archive } from './archive.js';
import { type Clock, systemClock } from './clock.js';
import { parseCalendarDate } from './dates.js';
import { type AskFilters, hasFilters, passageFilter, publishersLike } from './filters.js';
import { bestSentence, highlightRanges } from './highlight.js';
import { COLLAPSE_ALL_BELOW, collapseRanked } from './near-duplicates.js';
import { type OnThisDayOptions, selectOnThisDay } from './on-this-day.js';
import { commonTerms, type IndexHit, runSteps, searchPassageSteps } from './passage-index.js';
import { questionPairs, rarity } from './proximity.js';
import { relevanceGate, searchableRelated } from './relevance.js';
import { RERANK_DEPTH, rerank } from './rerank.js';
import { rerankHints } from './rerank-hints.js';
import { suggestQuestions } from './suggest.js';
import type {
  Answer,
  ArticleView,
  CalendarDate,
  CorpusStats,
  OnThisDay,
  Passage,
  PassageHit,
  Source,
} from './types.js';

/** Options for {@link AnswerService}. */
export interface AnswerServiceOptions {
  /** Longest question accepted, in characters. Default 500. */
  maxQuestionChars?: number;
  /**
   * Share of a question's meaningful words a passage must match to count as an answer (0–1). Keeps
   * "recipe for kimchi stew" from returning whatever mentions "recipe". Default 0.5.
   */
  minCoverage?: number;
  /** Passages per page when the caller gives no limit. Default 3. */
  defaultLimit?: number;
  clock?: Clock;
}

export interface AskOptions {
  limit?: number;
  offset?: number;
  /** Only articles within these dates / from this publisher (checked with checkFilters first). */
  filters?: AskFilters;
  /** An earlier question in the same thread: its words help ranking at a lower weight, never required. */
  context?: string;
}

/** A shard's pass of a sharded question (see {@link AnswerService.ranking}). */
export interface ShardPass {
  /**
   * Search with typo tolerance on every long word. Shards first search without it and report how many
   * passages their first pass found: whether to pay for typos is decided on the archive's total.
   */
  typoPass?: boolean;
  /** Hits to return when there are many (a merge that folded near-duplicates asks again with more). */
  depth?: number;
}

/** A ranked passage as a merge of shards needs it. */
export interface RankedHit {
  id: string;
  /** Final score (re-ranked for the head). */
  score: number;
  /** BM25 score before re-ranking. */
  base: number;
  /** Whether this hit was among its archive's best RERANK_DEPTH and so re-ranked. */
  head: boolean;
  /** Terms to highlight. */
  matched: string[];
}

export interface Ranking {
  /** The answer without its passages. */
  answer: Omit<Answer, 'tookMs'>;
  /** Best first: the re-ranked head, then the rest in BM25 order, as many as a merge can page. */
  hits: RankedHit[];
  /** Passages the first (exact) search pass found, before the relevance gate. */
  firstPass: number;
}

/** Weight of a thread's earlier words against the follow-up's own ("and what did Lee say?"). */
export const CONTEXT_TERM_WEIGHT = 0.3;

const DEFAULTS = { maxQuestionChars: 500, minCoverage: 0.5, defaultLimit: 3 };

/**
 * The one entry point the adapters and commands use. Returns structured data only; rendering is the
 * adapters' job. Holds an Archive that can be swapped (live reindex) without callers noticing.
 */
export class AnswerService {
  #archive: Archive;
  readonly #opts: typeof DEFAULTS;
  readonly clock: Clock;

  constructor(archive: Archive, options: AnswerServiceOptions = {}) {
    this.#archive = archive;
    const { clock, ...rest } = options;
    this.#opts = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    };
    this.clock = clock ?? systemClock;
  }

  /** Longest question accepted, in characters (for messages that name the limit). */
  get maxQuestionChars(): number {
    return this.#opts.maxQuestionChars;
  }

  get archive(): Archive {
    return this.#archive;
  }

  /** Swaps in a freshly built archive; questions in flight finish on the old one. */
  replaceArchive(archive: Archive): void {
    this.#archive = archive;
  }

  ask(question: string, options: AskOptions = {}): Answer {
    return this.#ask(question, options, true);
  }

  /** `withSuggestions` false: checking a suggestion must not suggest in turn. */
  #ask(question: string, options: AskOptions, withSuggestions: boolean): Answer {
    const started = performance.now();
    const { offset, limit } = this.#page(options);
    // Hits built: all when few (near-duplicates are folded over all of them), else a multiple of the page
    // that collapseRanked's head (max(2 × page end, 40), doubling) reaches exactly: it must fold the same
    // hits as over every hit, never a cut between two of its steps (the total would count fewer folded).
    let depth = Math.max((offset + limit) * 2, 40);
    while (depth <= COLLAPSE_ALL_BELOW || depth < (offset + limit) * 4) depth *= 2;
    for (;;) {
      const { answer, hits } = runSteps(this.#rankSteps(question, options, { withSuggestions, depth }));
      // Near-duplicates (one wire story in several papers) fold into one hit; counted and paged after.
      const { kept, duplicates } = collapseRanked(hits, this.#archive.passages, offset + limit);
      // So many folded that the page reaches past the hits built: build more (rare; each is a search).
      if (kept.length <= offset + limit && hits.length < answer.total) {
        depth *= 4;
        continue;
      }
      const page = kept
        .slice(offset, offset + limit)
        .map(({ hit, alsoIn }) => this.#withAlsoIn(this.#toHit(hit.id, hit.score, hit.matched), alsoIn));
      return {
        ...answer,
        total: answer.total - duplicates,
        passages: page,
        tookMs: performance.now() - started,
      };
    }
  }

  /** The page asked for, within bounds. */
  #page(options: AskOptions): { offset: number; limit: number } {
    return {
      limit: clamp(options.limit ?? this.#opts.defaultLimit, 1, 25),
      offset: Math.max(0, Math.floor(options.offset ?? 0)),
    };
  }

  /**
   * A shard's part of a sharded question: the answer without passages, and the ranked hits a merge
   * needs for the page asked (the re-ranked head and enough of the rest); {@link render} quotes the page.
   */
  ranking(question: string, options: AskOptions & ShardPass = {}): Ranking {
    return runSteps(this.rankingSteps(question, options));
  }

  /** {@link ranking}, yielding between the terms it searches (a worker steps it between other questions). */
  *rankingSteps(question: string, options: AskOptions & ShardPass = {}): Generator<void, Ranking> {
    const { offset, limit } = this.#page(options);
    // As many as #ask's collapseRanked looks at: all when few, else the first `depth` (it doubles as needed).
    const wanted = Math.max(options.depth ?? Math.max((offset + limit) * 2, 40), RERANK_DEPTH);
    const { answer, hits, firstPass } = yield* this.#rankSteps(question, options, {
      withSuggestions: false,
      fuzzyBelow: options.typoPass ? Number.POSITIVE_INFINITY : 0,
      depth: Math.max(COLLAPSE_ALL_BELOW + 1, wanted),
    });
    const keep = answer.total <= COLLAPSE_ALL_BELOW ? hits.length : wanted;
    return { answer, hits: hits.slice(0, keep), firstPass };
  }

  /** Passages of this archive quoted as hits, matched words highlighted (ids it does not hold are left out). */
  render(hits: ReadonlyArray<Pick<RankedHit, 'id' | 'score' | 'matched'>>): PassageHit[] {
    return hits
      .filter((h) => this.#archive.passages.has(h.id))
      .map((h) => this.#toHit(h.id, h.score, h.matched));
  }

  /** analysis → search → relevance gate → re-rank; every ranked hit, best first, for paging. */
  *#rankSteps(
    question: string,
    options: AskOptions,
    pass: { withSuggestions: boolean; fuzzyBelow?: number; depth: number },
  ): Generator<void, { answer: Omit<Answer, 'tookMs'>; hits: RankedHit[]; firstPass: number }> {
    const { offset, limit } = this.#page(options);
    const q = question.trim();
    const base = { question: q, offset, limit, passages: [], total: 0, suggestions: [], fuzzy: false };
    const done = (a: Omit<Answer, 'tookMs'>, hits: RankedHit[] = [], firstPass = 0) => ({
      answer: a,
      hits,
      firstPass,
    });

    if (!q) return done({ ...base, terms: [], reason: 'empty-question' });
    if (q.length > this.#opts.maxQuestionChars) return done({ ...base, terms: [], reason: 'too-long' });
    const words = analyseQuestion(q, archiveAcronyms(this.#archive.passages));
    const terms = [...new Set(words.flatMap((w) => w.terms))];
    if (words.length === 0) return done({ ...base, terms, reason: 'no-meaningful-words' });
    // Synonyms and acronym names rank at a lower weight and count only partly towards coverage.
    const related = [...new Set(words.flatMap((w) => w.related))].filter(
      (t) => !terms.includes(t) && searchableRelated(this.#archive.index, t),
    );

    const { index } = this.#archive;
    // Coverage below counts the question's own words only, so context terms can rank but not admit a passage.
    const extra = contextTerms(options.context, [...terms, ...related]);
    const all = [...terms, ...related, ...extra];
    const dropped = commonTerms(index, all);
    // Words searched only through common terms ("state", "nation" in an archive of speeches) cannot be
    // required of every answer; they still count in re-ranking and highlights below.
    const searched = words.filter((w) => !w.terms.every((t) => dropped.includes(t)));
    const needed = Math.max(1, Math.ceil(searched.length * this.#opts.minCoverage));
    const filters = hasFilters(options.filters) ? options.filters : undefined;
    // Rare words may admit a passage that lacks the common ones (see relevanceGate).
    const gate = relevanceGate(searched, needed, (w) => rarity(index, w.terms));
    const result = yield* searchPassageSteps(
      index,
      dropped.length ? all.filter((t) => !dropped.includes(t)) : all,
      {
        ...(extra.length || related.length
          ? {
              termWeight: (t: string) =>
                extra.includes(t) ? CONTEXT_TERM_WEIGHT : related.includes(t) ? RELATED_TERM_WEIGHT : 1,
            }
          : {}),
        ...(pass.fuzzyBelow !== undefined ? { fuzzyBelow: pass.fuzzyBelow } : {}),
        ...(filters ? { filter: passageFilter(this.#archive, filters) } : {}),
        accept: gate.accept,
        limit: Math.max(pass.depth, RERANK_DEPTH),
      },
    );
    const { fuzzy, matched } = result;
    const relevant = gate.answersNothing(result.found, (t) => index.documentFrequency(t) > 0)
      ? []
      : result.hits;
    if (relevant.length === 0) {
      if (filters)
        return done({ ...base, terms, fuzzy, filters, reason: 'no-match-in-filters' }, [], matched);
      const suggestions = pass.withSuggestions ? this.suggest(q) : [];
      return done({ ...base, terms, fuzzy, reason: 'no-match', suggestions }, [], matched);
    }
    const matchedOf = (hit: IndexHit) => (dropped.length ? [...hit.terms, ...dropped] : hit.terms);
    const ranked = rerank(
      relevant,
      words.length,
      matchedOf,
      (id) => this.#archive.passages.get(id)?.text ?? '',
      questionPairs(q, (t) => rarity(index, t)),
      rerankHints(this.#archive.passages, q, relevant),
    );
    // BM25 scores of the re-ranked head: a merge of shards re-ranks only the archive-wide best.
    const head = new Map(relevant.slice(0, RERANK_DEPTH).map((h) => [h.id, h.score]));
    const out = ranked.map((hit) => {
      const bm25 = head.get(hit.id);
      return {
        id: hit.id,
        score: hit.score,
        base: bm25 ?? hit.score,
        head: bm25 !== undefined,
        matched: matchedOf(hit),
      };
    });
    return done(
      { ...base, terms, fuzzy, total: result.accepted, ...(filters ? { filters } : {}) },
      out,
      matched,
    );
  }

  /** Publishers in the archive whose name contains `partial` (case-insensitive), most articles first. */
  sources(partial = '', limit = 25): string[] {
    return publishersLike(this.#archive.articles.values(), partial, limit);
  }

  /** "Did you mean" questions (see suggestQuestions), only those that find an answer. */
  suggest(question: string): string[] {
    return suggestQuestions(this.#archive, question).filter(
      (s) => this.#ask(s, { limit: 1 }, false).total > 0,
    );
  }

  onThisDay(date: CalendarDate | string, options: OnThisDayOptions = {}): OnThisDay {
    return selectOnThisDay(
      this.#archive,
      typeof date === 'string' ? parseCalendarDate(date) : date,
      options,
      (p) => this.#toHit(p.id, 0, []),
    );
  }

  /** An article by slug, exact title, or the only title containing the words given. */
  article(slugOrTitle: string): ArticleView | undefined {
    const { articles, bySlug } = this.#archive;
    const key = slugOrTitle.trim();
    const lower = key.toLowerCase();
    const found =
      articles.get(key) ??
      [...articles.values()].find((a) => a.title.toLowerCase() === lower) ??
      single([...articles.values()].filter((a) => a.title.toLowerCase().includes(lower)));
    if (!found) return undefined;
    const { body, bodyLine: _l, ...meta } = found;
    const passages = bySlug.get(found.slug) ?? [];
    return { meta, passages, words: countWords(body) };
  }

  /** Titles for autocomplete: those starting with the input first, then containing it; newest first. */
  completeTitles(partial: string, limit = 25): Array<{ slug: string; title: string; date: string }> {
    const p = partial.trim().toLowerCase();
    const all = [...this.#archive.articles.values()].sort((a, b) => b.date.localeCompare(a.date));
    const starts = all.filter((a) => a.title.toLowerCase().startsWith(p));
    const contains = all.filter(
      (a) => !a.title.toLowerCase().startsWith(p) && a.title.toLowerCase().includes(p),
    );
    return [...starts, ...contains]
      .slice(0, limit)
      .map((a) => ({ slug: a.slug, title: a.title, date: a.date }));
  }

  stats(): CorpusStats {
    const { articles, passages, problems, build } = this.#archive;
    const dates = [...articles.values()].map((a) => a.date).sort();
    let words = 0;
    for (const a of articles.values()) words += countWords(a.body);
    return {
      articles: articles.size,
      passages: passages.size,
      words,
      ...(dates.length ? { oldest: dates[0], newest: dates[dates.length - 1] } : {}),
      index: build,
      problems: problems.length,
    };
  }

  /** A passage as a hit with its source, by id. */
  passage(id: string): PassageHit | undefined {
    return this.#archive.passages.has(id) ? this.#toHit(id, 0, []) : undefined;
  }

  #toHit(id: string, score: number, matchedTerms: string[]): PassageHit {
    const passage = this.#archive.passages.get(id) as Passage;
    const highlights = highlightRanges(passage.text, new Set(matchedTerms));
    return {
      id,
      score,
      text: passage.text,
      highlights,
      bestSentence: bestSentence(passage.text, highlights),
      source: this.#source(passage),
    };
  }

  #withAlsoIn(hit: PassageHit, ids: readonly string[]): PassageHit {
    const also = ids.map((id) => this.#archive.passages.get(id)).filter((p): p is Passage => p !== undefined);
    return also.length ? { ...hit, alsoIn: also.map((p) => this.#source(p)) } : hit;
  }

  #source(p: Passage): Source {
    const a = this.#archive.articles.get(p.slug);
    return {
      slug: p.slug,
      title: a?.title ?? p.slug,
      date: a?.date ?? '',
      publisher: a?.source ?? 'Unknown publisher',
      ...(a?.url ? { url: a.url } : {}),
      ...(a?.author ? { author: a.author } : {}),
      path: a?.path ?? '',
      ...(p.heading ? { heading: p.heading } : {}),
      position: { index: p.index, count: p.count },
      offsets: { start: p.start, end: p.end },
    };
  }
}

function contextTerms(context: string | undefined, own: readonly string[]): string[] {
  if (!context) return [];
  return [...new Set(analyseQuestion(context).flatMap((w) => w.terms))].filter((t) => !own.includes(t));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}

function single<T>(xs: T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
