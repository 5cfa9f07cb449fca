import { type AcronymCounts, sumAcronyms } from './acronyms.js';
import type { Passage } from './types.js';

/**
 * The search index seam. The core talks only to this interface; the one implementation is MiniSearch
 * (minisearch-index.ts), the only file that imports it.
 */
export type IndexField = 'text' | 'heading' | 'title';

/** A passage as indexed: its searchable fields only (the passage itself lives in the archive). */
export interface IndexedPassage {
  id: string;
  text: string;
  heading: string;
  title: string;
}

export interface IndexHit {
  id: string;
  score: number;
  /**
   * Index terms to highlight: every expansion (prefix, typo) of the query terms this hit matched, some
   * perhaps not in this passage; highlighting and coverage read the passage's own words against them.
   */
  terms: string[];
  /** Query terms that matched. Hits matching the same query terms may share one array. */
  queryTerms: string[];
  /**
   * Query terms that matched the passage's own text, not only its title or heading: a title word
   * matches every passage of the article. Hits with the same such terms share one array.
   */
  textTerms: string[];
  /** Score of the passage before this one in its article, when that passage matched too. */
  previous?: number;
}

/** A search's best hits and what the search saw beyond them. */
export interface IndexResult {
  /** Best first (equal scores in id order): all accepted hits, or the best `limit` of them. */
  hits: IndexHit[];
  /** Passages that matched any query term, before `filter` and `accept`. */
  matched: number;
  /** Passages that passed `filter` and `accept` (`hits` may hold fewer). */
  accepted: number;
  /** Query terms some hit matched, in its text or in its section's title or heading. */
  found: ReadonlySet<string>;
}

export interface IndexSearchOptions {
  /**
   * Default: every field. Passages match through their own text; titles and headings named here add
   * to the score of passages the text matched.
   */
  fields?: readonly IndexField[];
  prefix?: boolean | ((term: string) => boolean);
  /** Edit distance as a share of the term's length, per term; false: exact only. */
  fuzzy?: boolean | number | ((term: string) => number | false);
  maxFuzzy?: number;
  /** Score weights of prefix and typo matches against exact ones. */
  weights?: { fuzzy: number; prefix: number };
  filter?: (id: string) => boolean;
  /**
   * Whether a hit with these matched query terms counts (a relevance gate). Called once per distinct
   * pair of arrays, not per hit: a broad question's thousands of hits share a few dozen.
   */
  accept?: (queryTerms: readonly string[], textTerms: readonly string[]) => boolean;
  /** Build only the best this many hits (the rest are counted in `accepted`). Default: all. */
  limit?: number;
  /** Weight of each query term's score (a thread's earlier words count less than the question's). Default 1. */
  termWeight?: (term: string) => number;
}

export interface PassageIndex {
  readonly documentCount: number;
  /** Whether an analysed term is in the index. */
  hasTerm(term: string): boolean;
  /** Passages holding the term in their busiest field (0 when absent). */
  documentFrequency(term: string): number;
  /**
   * Best first. A string is analysed as passages are; an array holds terms analysed already, searched
   * as given (re-analysing would stem stems and count a synonym key twice).
   */
  search(query: string | readonly string[], options?: IndexSearchOptions): IndexHit[];
  /**
   * The same search of analysed terms, yielding between terms: a worker thread steps it so a long
   * question shares the thread with short ones asked meanwhile. Absent: {@link search} in one step.
   */
  searchSteps(terms: readonly string[], options?: IndexSearchOptions): Generator<void, IndexResult>;
  /** Indexed terms close to the words of `text` (typo-tolerant), best first. */
  suggest(text: string, options: { fuzzy: number }): Array<{ terms: string[]; score: number }>;
  /** The index as text for the saved cache; {@link PassageIndexKind.load} restores it. */
  serialize(): string;
  /** This index's own counts, which a sharded search sums across its shards. */
  stats?(): IndexStats;
  /**
   * Scores (BM25's IDF and length norms), document frequencies and known terms from these counts instead
   * of its own: every shard then scores a passage as one whole index would.
   */
  useGlobalStats?(stats: IndexStats): void;
}

/** What BM25 needs to know about a whole archive, summable across shards. */
export interface IndexStats {
  documentCount: number;
  /** Total length of each field (in {@link INDEX_FIELDS} order) over all passages. */
  fieldLengths: number[];
  /** Term → passages holding it, per field (in {@link INDEX_FIELDS} order). */
  df: Map<string, number[]>;
  /** Acronyms the shard's passages spell out (acronyms.ts): the archive-wide ones are read from the sum. */
  acronyms?: AcronymCounts;
}

export const INDEX_FIELDS: readonly IndexField[] = ['text', 'heading', 'title'];

/** The counts of several shards as one archive's. */
export function sumStats(parts: readonly IndexStats[]): IndexStats {
  const df = new Map<string, number[]>();
  const fieldLengths = INDEX_FIELDS.map(() => 0);
  let documentCount = 0;
  for (const p of parts) {
    documentCount += p.documentCount;
    p.fieldLengths.forEach((n, i) => {
      fieldLengths[i] = (fieldLengths[i] ?? 0) + n;
    });
    for (const [term, counts] of p.df) {
      const sum = df.get(term);
      if (!sum) df.set(term, [...counts]);
      else for (let i = 0; i < counts.length; i++) sum[i] = (sum[i] ?? 0) + (counts[i] ?? 0);
    }
  }
  const acronyms = parts.some((p) => p.acronyms)
    ? { acronyms: sumAcronyms(parts.map((p) => p.acronyms)) }
    : {};
  return { documentCount, fieldLengths, df, ...acronyms };
}

/** Builds an index a passage at a time, so the caller decides when to yield to the event loop. */
export interface PassageIndexBuilder {
  add(passage: IndexedPassage): void;
  finish(): PassageIndex;
}

/** An index implementation: how to build one and how to restore a saved one. */
export interface PassageIndexKind {
  /** Saved with the cache, so a cache written by another implementation is rebuilt, not misread. */
  readonly format: string;
  builder(): PassageIndexBuilder;
  load(saved: string): PassageIndex;
}

/**
 * Field weights. Headings and titles are short, so BM25 already scores a match there highly; weighted
 * at 1 they out-rank the paragraph that answers (measured on the bundled question set). These weights
 * keep them as a tie-breaker that still lifts the right section.
 */
export const FIELD_BOOST: Readonly<Record<IndexField, number>> = { text: 1, heading: 0.25, title: 0.2 };

/** Typo tolerance only on longer terms: short words have too many neighbours at edit distance 1. */
const FUZZY_MIN_LENGTH = 5;
/** Prefix matching ("backdo" → "backdoor") only for terms long enough to be a deliberate stem. */
const PREFIX_MIN_LENGTH = 5;

export function toIndexed(passage: Passage, title: string): IndexedPassage {
  return { id: passage.id, text: passage.text, heading: passage.heading ?? '', title };
}

/**
 * A term in more passages than this (and than this share of them) is "common": on a large archive it
 * touches thousands of passages for almost no ranking weight (BM25's IDF is near its floor), so it is
 * left out of the search when the question has rarer words. Small archives never have common terms.
 */
const COMMON_MIN_PASSAGES = 1000;
const COMMON_SHARE = 0.1;

/**
 * Terms too common to search when the question has rarer ones (see COMMON_MIN_PASSAGES): empty when
 * every term is common, since something must be searched.
 */
export function commonTerms(index: PassageIndex, terms: readonly string[]): string[] {
  const limit = Math.max(COMMON_MIN_PASSAGES, COMMON_SHARE * index.documentCount);
  const common = terms.filter((t) => index.documentFrequency(t) > limit);
  return common.length < terms.length ? common : [];
}

export type SearchPassagesOptions = Pick<IndexSearchOptions, 'termWeight' | 'filter' | 'accept' | 'limit'> & {
  fuzzyBelow?: number;
};
export type SearchPassagesResult = IndexResult & { fuzzy: boolean };

/** Runs a stepped computation to its end in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Two-pass search. Pass one is exact (plus prefix on long terms), with typo tolerance only for terms the
 * index does not hold at all ("backdor"). Only when it matches fewer than `fuzzyBelow` passages does
 * pass two pay for typo tolerance on every long term: fuzzy expansion over a large vocabulary is the
 * slow path. Yields between the terms it searches.
 */
export function* searchPassageSteps(
  index: PassageIndex,
  terms: string[],
  options: SearchPassagesOptions = {},
): Generator<void, SearchPassagesResult> {
  const { fuzzyBelow = 3, ...rest } = options;
  const unknown = new Set(terms.filter((t) => t.length >= FUZZY_MIN_LENGTH && !index.hasTerm(t)));
  const first: IndexSearchOptions = {
    prefix: (term) => term.length >= PREFIX_MIN_LENGTH,
    fuzzy: (term) => (unknown.has(term) ? 0.2 : false),
    maxFuzzy: 2,
    weights: { fuzzy: 0.45, prefix: 0.35 },
    ...rest,
  };
  const exact = yield* index.searchSteps(terms, first);
  if (exact.matched >= fuzzyBelow) return { ...exact, fuzzy: unknown.size > 0 };
  const typos = yield* index.searchSteps(terms, {
    ...first,
    fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH ? 0.2 : false),
  });
  return { ...typos, fuzzy: unknown.size > 0 || typos.matched > exact.matched };
}
