import { passageOffers, questionType } from './answer-types.js';
import type { IndexHit } from './passage-index.js';
import type { RerankHints } from './rerank.js';
import type { Passage } from './types.js';

/** The re-ranking hints for one question: its answer type, and every hit's score for the neighbour share. */
export function rerankHints(
  passages: ReadonlyMap<string, Passage>,
  question: string,
  hits: readonly IndexHit[],
): RerankHints {
  const type = questionType(question);
  return {
    // One pass picking the few ids asked for: hits can number thousands, a map of them all costs more.
    scoresOf: (ids) => {
      const out = new Map<string, number>();
      for (const h of hits) if (ids.has(h.id)) out.set(h.id, h.score);
      return out;
    },
    ...(type ? { offersType: (id: string) => passageOffers(passages, id, type) } : {}),
  };
}
