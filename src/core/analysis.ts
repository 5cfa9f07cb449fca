import { stemmer } from 'stemmer';
import { generalAcronyms, irregularLemma, synonymsOf } from './lexicon.js';
import { STOP_WORDS } from './stopwords.js';

/**
 * Text analysis shared by indexing, querying and highlighting, so that a highlighted word is exactly a
 * word the index matched. Bump ANALYSIS_VERSION whenever the output of processTerm changes: it is part of
 * the saved index's fingerprint.
 */
export const ANALYSIS_VERSION = 3;

// Two-word names that mean one thing first (so "United States" matches "U.S."), then dotted acronyms
// (U.S., U.K.), then words with inner apostrophes; hyphenated words split into their parts.
const TOKEN = /\bUnited\s+(?:States|Kingdom)\b|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/giu;

/** Spellings of one country's name ("U.S.", "US", "United States"): a name, not a synonym. */
const NAMES: Record<string, string> = {
  us: 'usa',
  'united states': 'usa',
  uk: 'britain',
  'united kingdom': 'britain',
};

/**
 * Weight of a question word's synonyms and acronym expansions against the word itself: they help a
 * passage rank, but a passage holding the asked word should win.
 */
export const RELATED_TERM_WEIGHT = 0.5;

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
 * Index and query terms for one word: null for a stop word, else the stem and, for an irregular form,
 * its lemma's stem.
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
  if (Object.hasOwn(NAMES, norm)) return [NAMES[norm] as string];
  const stem = stemOf(norm);
  // Irregular forms index both ways: "fell" is found by "fell" and by "fall" ("falls", "falling").
  const lemma = irregularLemma(norm);
  const lemmaStem = lemma && !STOP_WORDS.has(lemma) ? stemOf(lemma) : stem;
  return lemmaStem !== stem ? [stem, lemmaStem] : [stem];
}

function stemOf(word: string): string {
  return /^\d+$/.test(word) ? word : stemmer(word);
}

/** A question word: its own index terms, and related terms (synonyms, an acronym's name) ranked lower. */
export interface QuestionWord {
  word: string;
  terms: string[];
  /** Terms of synonyms and acronym expansions, searched at {@link RELATED_TERM_WEIGHT}. */
  related: string[];
  /** Capitalised inside the question: a name ("Tesla"), which an answer must hold. */
  name: boolean;
}

/** Spelled-out names of acronyms, lower-case acronym → name ("fbi" → "Federal Bureau of Investigation"). */
export type AcronymLookup = (acronym: string) => string | undefined;

const wordnetAcronym: AcronymLookup = (a) => {
  const all = generalAcronyms();
  return Object.hasOwn(all, a) ? all[a] : undefined;
};

/**
 * The meaningful words of a question, each with the terms it searches for. `acronyms` (learned from
 * the archive) is asked before WordNet's list; an acronym counts only when written in capitals ("UN",
 * "U.N."), so the word "un" or "ban" is never read as one.
 */
export function analyseQuestion(question: string, acronyms?: AcronymLookup): QuestionWord[] {
  const seen = new Set<string>();
  const out: QuestionWord[] = [];
  for (const m of question.matchAll(TOKEN)) {
    const word = m[0];
    const terms = processTerm(word);
    if (!terms) continue;
    const key = terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    // A capitalised word inside the question is a name ("Rush Limbaugh", "Desert Storm"): no synonyms.
    // Only words spelled like names count: "U0BOB" (a user id) or "FBI" are not required as names.
    const name = /^\p{Lu}\p{Ll}+$/u.test(word) && /\p{L}/u.test(question.slice(0, m.index));
    out.push({ word, terms: [...terms], related: relatedOf(word, terms, acronyms, name), name });
  }
  return out;
}

function relatedOf(
  word: string,
  terms: readonly string[],
  acronyms: AcronymLookup | undefined,
  name: boolean,
): string[] {
  const norm = normalizeWord(word);
  const related = new Set<string>();
  const add = (text: string) => {
    for (const w of tokenize(text))
      for (const t of processTerm(w) ?? []) if (!terms.includes(t)) related.add(t);
  };
  if (/^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}s?$/.test(word)) {
    const acr = norm.replace(/s$/, '');
    const spelled = acronyms?.(acr) ?? wordnetAcronym(acr);
    if (spelled) add(spelled);
  }
  if (name) return [...related];
  const lemma = irregularLemma(norm) ?? norm;
  for (const s of synonymsOf(lemma)) add(s);
  // "phones" → the synonyms of "phone": try the word without a plural or verb ending.
  if (related.size === 0) {
    const base = norm.replace(/(?:es|s|ed|ing)$/, '');
    for (const candidate of [base, `${base}e`]) {
      if (candidate !== norm && candidate.length > 2 && stemOf(candidate) === terms[0])
        for (const s of synonymsOf(candidate)) add(s);
    }
  }
  return [...related];
}
