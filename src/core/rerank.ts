import { processTerm, tokensWithOffsets } from './analysis.js';

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Share of the question's words that the passage's best single sentence holds (0–1). An answer tends
 * to sit in one sentence that names most of what was asked; BM25 alone rewards a passage that scatters
 * the words (or holds them only in its heading).
 */
export function sentenceCoverage(
  text: string,
  matchedTerms: ReadonlySet<string>,
  questionWords: number,
): number {
  if (questionWords === 0) return 0;
  const tokens = tokensWithOffsets(text);
  let best = 0;
  let t = 0;
  for (const seg of sentenceSegmenter.segment(text)) {
    const end = seg.index + seg.segment.length;
    const found = new Set<string>();
    for (; t < tokens.length && (tokens[t]?.start ?? end) < end; t++) {
      const terms = processTerm(tokens[t]?.word ?? '');
      // One key per word, so a synonym pair (smartphon + phone) counts once.
      const hit = terms?.find((x) => matchedTerms.has(x));
      if (hit) found.add(terms?.[0] ?? hit);
    }
    best = Math.max(best, found.size);
  }
  return Math.min(1, best / questionWords);
}

/** How much a fully covered sentence multiplies a passage's score. */
export const COVERAGE_WEIGHT = 2;
/** Only the best hits are re-ranked: the rest keep BM25 order, and the work stays small on big corpora. */
export const RERANK_DEPTH = 20;
