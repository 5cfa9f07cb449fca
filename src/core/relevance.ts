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
 * Which hits answer: those matching at least `needed` of the question's words, or (given `rarityOf`,
 * a word's IDF share) at least RARITY_COVERAGE of the question's rarity — a passage holding the rare
 * words ("axis", "evil") without the common ones ("president", "called") — at least one of them
 * in their own text. A passage matching only through its article's title or heading is not a match: a
 * title word matches every passage of the article ("44 passages match" for one paragraph). Title words
 * still count towards coverage once the text matches: requiring every word in the text lost answers
 * whose subject is named only in the title (measured on the Brown questions).
 *
 * `accept` sees a hit's matched query terms (all, and those in its own text); `answersNothing` says,
 * from the query terms any passage matched and whether the archive holds a term at all, that the
 * question names something the archive never mentions, so no hit answers it.
 */
export function relevanceGate(
  words: readonly QuestionWord[],
  needed: number,
  rarityOf?: (w: QuestionWord) => number,
): {
  accept: (queryTerms: readonly string[], textTerms: readonly string[]) => boolean;
  answersNothing: (found: ReadonlySet<string>, inArchive: (term: string) => boolean) => boolean;
} {
  const weights = words.map((w) => rarityOf?.(w) ?? 0);
  const enough = RARITY_COVERAGE * weights.reduce((a, b) => a + b, 0);
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
  return {
    // The question's own words in the text, not a thread's context words (those never admit a passage).
    accept: (queryTerms, textTerms) =>
      covers(queryTerms) && words.some((w) => w.terms.some((t) => textTerms.includes(t))),
    // A name the archive never mentions ("Tesla" in 1961 newspapers): whatever else matches is not about it.
    // `inArchive` asks the whole archive: a shard that lacks the name must not decide for the others.
    answersNothing: (found, inArchive) =>
      words.some((w) => w.name && !w.terms.some((t) => found.has(t) || inArchive(t))),
  };
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
