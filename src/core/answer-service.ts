import { analyseQuestion } from './analysis.js';
import type { Archive } from './archive.js';
import { type Clock, systemClock } from './clock.js';
import { parseCalendarDate } from './dates.js';
import { type AskFilters, hasFilters, passageFilter, publishersLike } from './filters.js';
import { bestSentence, highlightRanges } from './highlight.js';
import { type OnThisDayOptions, selectOnThisDay } from './on-this-day.js';
import { type IndexHit, searchPassages } from './passage-index.js';
import { questionPairs, rarity } from './proximity.js';
import { relevantHits } from './relevance.js';
import { rerank } from './rerank.js';
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

/** Weight of a thread's earlier words against the follow-up's own ("and what did Lee say?"). */
export const CONTEXT_TERM_WEIGHT = 0.3;

const DATE_IN_TEXT =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b|\b(?:1[6-9]|20)\d{2}\b/;

const DEFAULTS = { maxQuestionChars: 500, minCoverage: 0.5, defaultLimit: 3 };

/** Per archive (dropped with it on a swap): passage id → whether its text states a date. */
const datedPassages = new WeakMap<Archive, Map<string, boolean>>();

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
    const limit = clamp(options.limit ?? this.#opts.defaultLimit, 1, 25);
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const q = question.trim();
    const base = { question: q, offset, limit, passages: [], total: 0, suggestions: [], fuzzy: false };
    const done = (a: Omit<Answer, 'tookMs'>): Answer => ({ ...a, tookMs: performance.now() - started });

    if (!q) return done({ ...base, terms: [], reason: 'empty-question' });
    if (q.length > this.#opts.maxQuestionChars) return done({ ...base, terms: [], reason: 'too-long' });
    const words = analyseQuestion(q);
    const terms = [...new Set(words.flatMap((w) => w.terms))];
    if (words.length === 0) return done({ ...base, terms, reason: 'no-meaningful-words' });

    const { index } = this.#archive;
    // Coverage below counts the question's own words only, so context terms can rank but not admit a passage.
    const extra = contextTerms(options.context, terms);
    const { hits, fuzzy, dropped } = searchPassages(index, [...terms, ...extra], {
      ...this.#searchTuning(q),
      ...(extra.length ? { termWeight: (t: string) => (extra.includes(t) ? CONTEXT_TERM_WEIGHT : 1) } : {}),
    });
    // Words searched only through common terms ("state", "nation" in an archive of speeches) cannot be
    // required of every answer; they still count in re-ranking and highlights below.
    const searched = words.filter((w) => !w.terms.every((t) => dropped.includes(t)));
    const needed = Math.max(1, Math.ceil(searched.length * this.#opts.minCoverage));
    const filters = hasFilters(options.filters) ? options.filters : undefined;
    const passes = filters ? passageFilter(this.#archive, filters) : undefined;
    const relevant = relevantHits(hits, searched, needed, passes);
    if (relevant.length === 0) {
      if (filters) return done({ ...base, terms, fuzzy, filters, reason: 'no-match-in-filters' });
      const suggestions = withSuggestions ? this.suggest(q) : [];
      return done({ ...base, terms, fuzzy, reason: 'no-match', suggestions });
    }
    const matchedOf = (hit: IndexHit) => (dropped.length ? [...hit.terms, ...dropped] : hit.terms);
    const ranked = rerank(
      relevant,
      words.length,
      matchedOf,
      (id) => this.#archive.passages.get(id)?.text ?? '',
      questionPairs(q, (t) => rarity(index, t)),
    );
    const page = ranked
      .slice(offset, offset + limit)
      .map((hit) => this.#toHit(hit.id, hit.score, matchedOf(hit)));
    return done({
      ...base,
      terms,
      fuzzy,
      passages: page,
      total: relevant.length,
      ...(filters ? { filters } : {}),
    });
  }

  /** Publishers in the archive whose name contains `partial` (case-insensitive), most articles first. */
  sources(partial = '', limit = 25): string[] {
    return publishersLike(this.#archive.articles.values(), partial, limit);
  }

  /**
   * Question-type hints: a "when" question is best answered by a passage that states a date, so such
   * passages get a mild boost.
   */
  #searchTuning(question: string): { boostDocument?: (id: string) => number } {
    if (!/^\s*when\b/i.test(question)) return {};
    const { passages } = this.#archive;
    // Whether a passage states a date never changes: test each one once per archive, not once per question.
    const cache = datedPassages.get(this.#archive) ?? new Map<string, boolean>();
    datedPassages.set(this.#archive, cache);
    return {
      boostDocument: (id) => {
        let has = cache.get(id);
        if (has === undefined) {
          has = DATE_IN_TEXT.test(passages.get(id)?.text ?? '');
          cache.set(id, has);
        }
        return has ? 1.5 : 1;
      },
    };
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
