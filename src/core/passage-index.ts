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

/** Field boosts: a heading or title word says more about a passage than one word among a hundred. */
export const FIELD_BOOST = { text: 1, heading: 1.3, title: 0.6 } as const;

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

/**
 * Two-pass search. Pass one is exact (plus prefix on long terms); only when it finds fewer than
 * `fuzzyBelow` passages does pass two pay for typo tolerance. Most questions never need it, and fuzzy
 * expansion over a large vocabulary is the slow path.
 */
export function searchPassages(
  index: MiniSearch<IndexedPassage>,
  terms: string[],
  fuzzyBelow = 3,
): { hits: Hit[]; fuzzy: boolean } {
  const query = terms.join(' ');
  const exact: SearchOptions = {
    combineWith: 'OR',
    prefix: (term) => term.length >= PREFIX_MIN_LENGTH,
    fuzzy: false,
    weights: { fuzzy: 0.45, prefix: 0.35 },
  };
  const hits = index.search(query, exact);
  if (hits.length >= fuzzyBelow) return { hits, fuzzy: false };
  const fuzzyHits = index.search(query, {
    ...exact,
    fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH ? 0.2 : false),
    maxFuzzy: 2,
  });
  return { hits: fuzzyHits, fuzzy: fuzzyHits.length > hits.length };
}

export function buildIndex(
  passages: Passage[],
  titleOf: (slug: string) => string,
): MiniSearch<IndexedPassage> {
  const index = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  index.addAll(passages.map((p) => toIndexed(p, titleOf(p.slug))));
  return index;
}

export async function loadIndex(json: string): Promise<MiniSearch<IndexedPassage>> {
  return MiniSearch.loadJSONAsync<IndexedPassage>(json, MINISEARCH_OPTIONS);
}

export type PassageIndex = MiniSearch<IndexedPassage>;
