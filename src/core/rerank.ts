import { processTerm, tokensWithOffsets } from './analysis.js';
import type { IndexHit } from './passage-index.js';
import { proximity, type WordPair } from './proximity.js';

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
/** How much holding every adjacent pair of question words together multiplies a passage's score. */
export const PROXIMITY_WEIGHT = 1;
/**
 * Re-orders the top hits by score × (1 + weight × best-sentence coverage of the question's words)
 * × (1 + weight × share of the question's word pairs held together).
 */
export function rerank(
  hits: IndexHit[],
  questionWords: number,
  matchedOf: (hit: IndexHit) => string[],
  textOf: (id: string) => string,
  pairs: readonly WordPair[] = [],
): IndexHit[] {
  const head = hits.slice(0, RERANK_DEPTH).map((hit) => {
    const text = textOf(hit.id);
    const coverage = sentenceCoverage(text, new Set(matchedOf(hit)), questionWords);
    const near = proximity(text, pairs);
    return { ...hit, score: hit.score * (1 + COVERAGE_WEIGHT * coverage) * (1 + PROXIMITY_WEIGHT * near) };
  });
  head.sort((a, b) => b.score - a.score);
  return [...head, ...hits.slice(RERANK_DEPTH)];
}
