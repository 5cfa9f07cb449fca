import type { IndexHit } from './passage-index.js';

/** A question word as analysed: the surface word, its index terms and related terms (synonyms…). */
export interface QuestionWord {
  word: string;
  terms: string[];
  related?: string[];
  /** A name the question asks about: when no passage holds it, nothing answers. */
  name?: boolean;
}

/**
 * How much of a question word a passage holding only a synonym or the acronym's name covers: a related
 * word helps admit a passage that holds other asked words, but cannot admit one on its own.
 */
export const RELATED_CREDIT = 0.5;

/** Share of the question's rarity (IDF) a passage may hold instead of `needed` of its words. */
export const RARITY_COVERAGE = 0.5;

/**
 * The hits that answer: those matching at least `needed` of the question's words, or (given `rarityOf`,
 * a word's IDF share) at least RARITY_COVERAGE of the question's rarity — a passage holding the rare
 * words ("axis", "evil") without the common ones ("president", "called") — at least one of them
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
  rarityOf?: (w: QuestionWord) => number,
): IndexHit[] {
  const weights = words.map((w) => rarityOf?.(w) ?? 0);
  const enough = RARITY_COVERAGE * weights.reduce((a, b) => a + b, 0);
  // A name the archive never mentions ("Tesla" in 1961 newspapers): whatever else matches is not about it.
  const unknownName = words.some(
    (w) => w.name && !hits.some((h) => w.terms.some((t) => h.queryTerms.includes(t))),
  );
  if (unknownName) return [];
  // Hits with the same matched terms share one array: decide once per array, not per hit.
  const covered = new Map<string[], boolean>();
  const inText = new Map<string[], boolean>();
  const covers = (matched: readonly string[]) => {
    const set = new Set(matched);
    let n = 0;
    let mass = 0;
    words.forEach((w, i) => {
      const credit = w.terms.some((t) => set.has(t))
        ? 1
        : w.related?.some((t) => set.has(t))
          ? RELATED_CREDIT
          : 0;
      n += credit;
      mass += credit * (weights[i] ?? 0);
    });
    // Half credit rounds up: one word found only as a synonym stands in for an asked word, with others.
    return Math.ceil(n) >= needed || (enough > 0 && mass >= enough);
  };
  return hits.filter((hit) => {
    let ok = covered.get(hit.queryTerms);
    if (ok === undefined) {
      ok = covers(hit.queryTerms);
      covered.set(hit.queryTerms, ok);
    }
    // The question's own words, not a thread's context words (those never admit a passage).
    let own = inText.get(hit.textTerms);
    if (own === undefined) {
      own = words.some((w) => w.terms.some((t) => hit.textTerms.includes(t)));
      inText.set(hit.textTerms, own);
    }
    return ok && own && (!passes || passes(hit.id));
  });
}

/** A related term in more than this share of passages (and RELATED_MIN_LIMIT) is too common to help. */
const RELATED_MAX_SHARE = 0.02;
const RELATED_MIN_LIMIT = 50;

/**
 * Whether a synonym or acronym term is worth searching: the index holds it (an absent term still costs
 * a prefix search), and it is not so common that it would lift passages for a word nobody asked.
 */
export function searchableRelated(
  index: { documentCount: number; documentFrequency(term: string): number },
  term: string,
): boolean {
  const df = index.documentFrequency(term);
  return df > 0 && df <= Math.max(RELATED_MIN_LIMIT, RELATED_MAX_SHARE * index.documentCount);
}
