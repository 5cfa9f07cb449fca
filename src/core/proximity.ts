import { analysedText, TermSet } from './analysed-text.js';
import { processTerm, tokenize } from './analysis.js';
import type { PassageIndex } from './passage-index.js';

/** Two question words in order; a passage holding them close together in that order scores higher. */
export interface WordPair {
  first: readonly string[];
  second: readonly string[];
  weight: number;
}

/** Words between the two of a pair, at most ("axis of evil", "care act" in "Affordable Care Act"). */
const WINDOW = 3;
const QUOTED_EXTRA = 1;
const QUOTED = /"([^"]+)"|“([^”]+)”/g;

/** Consecutive meaningful words of the question (stop words between them allowed). */
export function questionPairs(question: string, rarity: (terms: readonly string[]) => number): WordPair[] {
  const pairs: WordPair[] = [];
  const add = (text: string, weight: number) => {
    const terms = tokenize(text)
      .map((w) => processTerm(w))
      .filter((t): t is string[] => t !== null);
    for (let i = 1; i < terms.length; i++) {
      const first = terms[i - 1] as string[];
      const second = terms[i] as string[];
      // A pair of common words ("Xi Jinping" in an archive about him) says little about the answer.
      const w = weight * Math.min(rarity(first), rarity(second));
      if (first.join() !== second.join() && w > 0) pairs.push({ first, second, weight: w });
    }
  };
  add(question, 1);
  // A quoted phrase's pairs are counted again: the reader said those words belong together.
  for (const m of question.matchAll(QUOTED)) add(m[1] ?? m[2] ?? '', QUOTED_EXTRA);
  return pairs;
}

/** What a pair found in the reverse order counts ("U.N. ambassador" for "ambassador to the UN"). */
const REVERSED_SHARE = 0.5;

/**
 * Rarity-weighted share (0–1) of the pairs the text holds at most WINDOW words apart: in the question's
 * order in full, in the reverse order at REVERSED_SHARE. Shared out by weight, not by count, so a rare
 * pair ("axis of evil") outweighs common ones ("president called") rather than being diluted by them.
 */
export function proximity(text: string, pairs: readonly WordPair[]): number {
  if (pairs.length === 0) return 0;
  return pairsProximity(analysedText(text).terms, pairs, pairTerms(pairs));
}

/** Every term of the pairs, for {@link pairsProximity} (worked out once per question). */
export function pairTerms(pairs: readonly WordPair[]): TermSet {
  return new TermSet(pairs.flatMap((p) => [...p.first, ...p.second]));
}

/** {@link proximity} over a text's words' terms, given {@link pairTerms}. */
export function pairsProximity(
  words: ReadonlyArray<readonly string[] | null>,
  pairs: readonly WordPair[],
  inPairs: TermSet,
): number {
  if (pairs.length === 0) return 0;
  const lastFirst = pairs.map(() => Number.NEGATIVE_INFINITY);
  const lastSecond = pairs.map(() => Number.NEGATIVE_INFINITY);
  const found = pairs.map(() => 0);
  for (let pos = 0; pos < words.length; pos++) {
    const terms = words[pos];
    // Most words are in no pair: only those that are can change what is found.
    if (!terms || !inPairs.hasAny(terms)) continue;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as WordPair;
      const isFirst = pair.first.some((t) => terms.includes(t));
      const isSecond = pair.second.some((t) => terms.includes(t));
      if (isSecond && pos - (lastFirst[i] ?? 0) <= WINDOW + 1) found[i] = 1;
      else if (isFirst && pos - (lastSecond[i] ?? 0) <= WINDOW + 1)
        found[i] = Math.max(found[i] ?? 0, REVERSED_SHARE);
      if (isFirst) lastFirst[i] = pos;
      if (isSecond) lastSecond[i] = pos;
    }
  }
  let got = 0;
  let all = 0;
  for (let i = 0; i < pairs.length; i++) {
    got += (found[i] ?? 0) * (pairs[i]?.weight ?? 0);
    all += pairs[i]?.weight ?? 0;
  }
  return all > 0 ? Math.min(1, got / all) : 0;
}

/** A word's IDF as a share of the largest possible (0–1): 0 for a word in every passage. */
export function rarity(index: PassageIndex, terms: readonly string[]): number {
  const n = index.documentCount;
  const df = Math.max(1, ...terms.map((t) => index.documentFrequency(t)));
  return n > 1 ? Math.max(0, Math.log(n / df) / Math.log(n)) : 0;
}
