import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { processTerm, tokenize } from './analysis.js';
import type { Passage } from './types.js';

/** What MiniSearch stores per passage: the searchable fields only; the passage itself lives in a Map. */
interface IndexedPassage {
  id: string;
  text: string;
  heading: string;
  title: string;
}

/**
 * Field weights. Headings and titles are short, so BM25 already scores a match there highly; weighted
 * at 1 they out-rank the paragraph that answers (measured on the bundled question set). These weights
 * keep them as a tie-breaker that still lifts the right section.
 */
export const FIELD_BOOST = { text: 1, heading: 0.25, title: 0.2 } as const;

/** Typo tolerance only on longer terms: short words have too many neighbours at edit distance 1. */
const FUZZY_MIN_LENGTH = 5;
/** Prefix matching ("backdo" → "backdoor") only for terms long enough to be a deliberate stem. */
const PREFIX_MIN_LENGTH = 5;

export const MINISEARCH_OPTIONS: Options<IndexedPassage> = {
  idField: 'id',
  fields: ['text', 'heading', 'title'],
  storeFields: [],
  tokenize,
  // MiniSearch accepts an array (several terms from one word) or null (drop the word).
  processTerm: (term) => processTerm(term) ?? null,
  searchOptions: { boost: { ...FIELD_BOOST } },
};

export function toIndexed(passage: Passage, title: string): IndexedPassage {
  return { id: passage.id, text: passage.text, heading: passage.heading ?? '', title };
}

export type Hit = SearchResult;

/** The analysed terms the index holds. MiniSearch keeps its term tree protected; this is read-only access. */
export function hasTerm(index: MiniSearch<IndexedPassage>, term: string): boolean {
  return (index as unknown as { _index: { has(t: string): boolean } })._index.has(term);
}

/** Passages holding the term in their busiest field (read-only access to MiniSearch's term tree). */
export function documentFrequency(index: MiniSearch<IndexedPassage>, term: string): number {
  type TermData = Map<number, Map<number, number>>;
  const data = (index as unknown as { _index: { get(t: string): TermData | undefined } })._index.get(term);
  let df = 0;
  for (const docs of data?.values() ?? []) df = Math.max(df, docs.size);
  return df;
}

/**
 * A term in more passages than this (and than this share of them) is "common": on a large archive it
 * touches thousands of passages for almost no ranking weight (BM25's IDF is near its floor), so it is
 * left out of the search when the question has rarer words. Small archives never have common terms.
 */
const COMMON_MIN_PASSAGES = 1000;
const COMMON_SHARE = 0.1;

/**
 * Two-pass search. Pass one is exact (plus prefix on long terms), with typo tolerance only for terms the
 * index does not hold at all ("backdor"). Only when it finds fewer than `fuzzyBelow` passages does pass
 * two pay for typo tolerance on every long term: fuzzy expansion over a large vocabulary is the slow path.
 */
export function searchPassages(
  index: MiniSearch<IndexedPassage>,
  terms: string[],
  options: { fuzzyBelow?: number; boostDocument?: SearchOptions['boostDocument'] } = {},
): { hits: Hit[]; fuzzy: boolean; dropped: string[] } {
  const fuzzyBelow = options.fuzzyBelow ?? 3;
  const limit = Math.max(COMMON_MIN_PASSAGES, COMMON_SHARE * index.documentCount);
  const common = terms.filter((t) => documentFrequency(index, t) > limit);
  const dropped = common.length < terms.length ? common : [];
  const kept = dropped.length ? terms.filter((t) => !dropped.includes(t)) : terms;
  const query = kept.join(' ');
  const unknown = new Set(kept.filter((t) => t.length >= FUZZY_MIN_LENGTH && !hasTerm(index, t)));
  const first: SearchOptions = {
    // The terms are analysed already: hand them over as they are, once each (re-analysing would stem
    // stems and count a synonym key twice).
    tokenize: () => kept,
    processTerm: (t) => t,
    combineWith: 'OR',
    prefix: (term) => term.length >= PREFIX_MIN_LENGTH,
    fuzzy: (term) => (unknown.has(term) ? 0.2 : false),
    maxFuzzy: 2,
    weights: { fuzzy: 0.45, prefix: 0.35 },
    boost: { ...FIELD_BOOST },
    ...(options.boostDocument ? { boostDocument: options.boostDocument } : {}),
  };
  const hits = index.search(query, first);
  if (hits.length >= fuzzyBelow) return { hits, fuzzy: unknown.size > 0, dropped };
  const fuzzyHits = index.search(query, {
    ...first,
    fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH ? 0.2 : false),
  });
  return { hits: fuzzyHits, fuzzy: unknown.size > 0 || fuzzyHits.length > hits.length, dropped };
}

export function buildIndex(
  passages: Passage[],
  titleOf: (slug: string) => string,
): MiniSearch<IndexedPassage> {
  const index = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  index.addAll(passages.map((p) => toIndexed(p, titleOf(p.slug))));
  return index;
}

/** Like {@link buildIndex}, but yields to the event loop every `chunkSize` passages (MiniSearch's addAllAsync). */
export async function buildIndexAsync(
  passages: Passage[],
  titleOf: (slug: string) => string,
  chunkSize: number,
): Promise<MiniSearch<IndexedPassage>> {
  const index = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  await index.addAllAsync(
    passages.map((p) => toIndexed(p, titleOf(p.slug))),
    { chunkSize },
  );
  return index;
}

/**
 * Restores a saved index. Synchronous loading is about twice as fast as loadJSONAsync (measured on the
 * SOTU corpus: 0.6 s against 1.1 s); `yielding` trades that for not blocking a bot that is answering.
 */
export async function loadIndex(json: string, yielding = false): Promise<MiniSearch<IndexedPassage>> {
  return yielding
    ? MiniSearch.loadJSONAsync<IndexedPassage>(json, MINISEARCH_OPTIONS)
    : MiniSearch.loadJSON<IndexedPassage>(json, MINISEARCH_OPTIONS);
}

export type PassageIndex = MiniSearch<IndexedPassage>;
