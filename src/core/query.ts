import type { Lexicon } from './lexicon/lexicon.js';

/** A question word with the index terms it searches for (its own first). */
export interface QueryWord {
  word: string;
  terms: string[];
}

/** How much a WordNet synonym counts against the word asked: enough to find, not to out-rank. */
export const SYNONYM_WEIGHT = 0.3;
/** Each word of an acronym's full name (the name is several terms; together they outweigh one). */
export const ACRONYM_NAME_WEIGHT = 0.5;

/**
 * Widens each question word by the archive's lexicon: WordNet synonyms and, for an acronym, the words of
 * its full name; a full name in the question adds its acronym. Returns the words (terms the word's own
 * first) and each added term's weight (terms not listed weigh 1).
 */
export function expandQuestion(
  words: QueryWord[],
  lexicon: Lexicon,
): { words: QueryWord[]; weights: Map<string, number> } {
  const weights = new Map<string, number>();
  const own = new Set(words.flatMap((w) => w.terms));
  const add = (list: string[], term: string, weight: number) => {
    if (own.has(term) || list.includes(term)) return;
    list.push(term);
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  };
  const out = words.map(({ word, terms }) => {
    const list = [...terms];
    const stem = terms[0] as string;
    for (const t of lexicon.expansion(stem)) add(list, t, ACRONYM_NAME_WEIGHT);
    for (const t of lexicon.synonyms(stem)) add(list, t, SYNONYM_WEIGHT);
    return { word, terms: list };
  });
  const first = words.map((w) => w.terms[0] as string);
  for (const acronym of lexicon.acronymsIn(first)) {
    const at = out.find((w) => lexicon.expansion(acronym).includes(w.terms[0] as string));
    if (at && !at.terms.includes(acronym)) {
      at.terms.push(acronym);
      weights.set(acronym, 1);
    }
  }
  return { words: out, weights };
}
