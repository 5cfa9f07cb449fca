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
    // A search lists a passage once, so the pass ends when every id asked for is found.
    scoresOf: (ids) => {
      const out = new Map<string, number>();
      for (let i = 0; i < hits.length && out.size < ids.size; i++) {
        const h = hits[i] as IndexHit;
        if (ids.has(h.id)) out.set(h.id, h.score);
      }
      return out;
    },
    ...(type ? { offersType: (id: string) => passageOffers(passages, id, type) } : {}),
  };
}
