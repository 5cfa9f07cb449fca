import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stopwords.js';

/**
 * Text analysis shared by indexing, querying and highlighting, so that a highlighted word is exactly a
 * word the index matched. Bump ANALYSIS_VERSION whenever the output of processTerm changes: it is part of
 * the saved index's fingerprint.
 */
export const ANALYSIS_VERSION = 2;

// Two-word names that mean one thing first (so "United States" matches "U.S."), then dotted acronyms
// (U.S., U.K.), then words with inner apostrophes; hyphenated words split into their parts.
const TOKEN = /\bUnited\s+(?:States|Kingdom)\b|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/giu;

/** Words a news reader uses interchangeably; each member also emits the group's key. */
const SYNONYMS: Record<string, string> = {
  cellphon: 'phone',
  smartphon: 'phone',
  handset: 'phone',
  mobil: 'phone',
  espionag: 'spy',
  surveil: 'spy',
  gave: 'gift',
  give: 'gift',
  given: 'gift',
  present: 'gift',
  joke: 'joke',
  jest: 'joke',
  humor: 'joke',
  humour: 'joke',
  laugh: 'joke',
  usa: 'usa',
  america: 'usa',
  american: 'usa',
};

const IRREGULAR: Record<string, string> = {
  gave: 'give',
  given: 'give',
  spied: 'spy',
  us: 'usa',
  uk: 'britain',
};

export interface Token {
  /** The word as written. */
  word: string;
  start: number;
  end: number;
}

/** Words of `text` with their offsets. */
export function tokensWithOffsets(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Tokenizer for MiniSearch: the same words as {@link tokensWithOffsets}. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Lower-cases, folds accents and apostrophes: `Xi’s` → `xi`, `U.S.` → `us`. */
export function normalizeWord(word: string): string {
  const lower = word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (lower.includes('.')) return lower.replace(/\./g, '');
  if (/\s/.test(lower)) return lower.replace(/\s+/g, ' ');
  return lower.replace(/['’]s$/, '').replace(/['’]/g, '');
}

/** Most recent results of {@link processTerm}: stemming is the cost of every search and highlight. */
const termCache = new Map<string, readonly string[] | null>();
const TERM_CACHE_MAX = 100_000;

/**
 * Index and query terms for one word: null for a stop word, else the stem and any synonym key.
 * Used for indexing, search and highlighting. The arrays returned are shared and frozen.
 */
export function processTerm(word: string): string[] | null {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached as string[] | null;
  const terms = analyseWord(word);
  // A full cache starts over rather than tracking recency: cheap, and a corpus's common words return at once.
  if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
  termCache.set(word, terms && Object.freeze(terms));
  return terms;
}

function analyseWord(word: string): string[] | null {
  const norm = normalizeWord(word);
  if (norm.length < 2 && !/\d/.test(norm)) return null;
  if (STOP_WORDS.has(norm)) return null;
  // Own properties only: "constructor" or "__proto__" in a text must not reach Object.prototype.
  const base = Object.hasOwn(IRREGULAR, norm) ? (IRREGULAR[norm] as string) : norm;
  const stem = /^\d+$/.test(base) ? base : stemmer(base);
  const syn = Object.hasOwn(SYNONYMS, stem)
    ? SYNONYMS[stem]
    : Object.hasOwn(SYNONYMS, norm)
      ? SYNONYMS[norm]
      : undefined;
  return syn && syn !== stem ? [stem, syn] : [stem];
}

/** The meaningful words of a question, each with the terms it searches for. */
export function analyseQuestion(question: string): Array<{ word: string; terms: string[] }> {
  const seen = new Set<string>();
  const out: Array<{ word: string; terms: string[] }> = [];
  for (const word of tokenize(question)) {
    const terms = processTerm(word);
    if (!terms) continue;
    const key = terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ word, terms });
  }
  return out;
}
