import type { IndexHit } from './passage-index.js';

/** A question word as analysed: the surface word and its index terms (stem, synonym keys). */
export interface QuestionWord {
  word: string;
  terms: string[];
}

/**
 * The hits that answer: those matching at least `needed` of the question's words, at least one of them
 * in their own text. A passage matching only through its article's title or heading is not a match: a
 * title word matches every passage of the article ("44 passages match" for one paragraph). Title words
 * still count towards coverage once the text matches: requiring every word in the text lost answers
 * whose subject is named only in the title (measured on the Brown questions).
 */
export function relevantHits(
  hits: readonly IndexHit[],
  words: readonly QuestionWord[],
  needed: number,
  passes?: (id: string) => boolean,
): IndexHit[] {
  // Hits with the same matched terms share one array: decide once per array, not per hit.
  const covered = new Map<string[], boolean>();
  const inText = new Map<string[], boolean>();
  const count = (matched: readonly string[]) => {
    const set = new Set(matched);
    return words.filter((w) => w.terms.some((t) => set.has(t))).length;
  };
  return hits.filter((hit) => {
    let ok = covered.get(hit.queryTerms);
    if (ok === undefined) {
      ok = count(hit.queryTerms) >= needed;
      covered.set(hit.queryTerms, ok);
    }
    // The question's own words, not a thread's context words (those never admit a passage).
    let own = inText.get(hit.textTerms);
    if (own === undefined) {
      own = count(hit.textTerms) > 0;
      inText.set(hit.textTerms, own);
    }
    return ok && own && (!passes || passes(hit.id));
  });
}
