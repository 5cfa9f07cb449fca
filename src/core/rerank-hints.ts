import { passageOffers, questionType } from './answer-types.js';
import type { IndexHit } from './passage-index.js';
import { previousPassageId, type RerankHints } from './rerank.js';
import type { Passage } from './types.js';

/**
 * The re-ranking hints for one question: its answer type, and the search scores of the passages
 * before the hits (the neighbour share), which the index reports with each hit it builds.
 */
export function rerankHints(
  passages: ReadonlyMap<string, Passage>,
  question: string,
  hits: readonly IndexHit[],
): RerankHints {
  const type = questionType(question);
  return {
    scoresOf: (ids) => {
      const out = new Map<string, number>();
      for (const h of hits) {
        const before = h.previous === undefined ? undefined : previousPassageId(h.id);
        if (before && ids.has(before)) out.set(before, h.previous as number);
      }
      return out;
    },
    ...(type ? { offersType: (id: string) => passageOffers(passages, id, type) } : {}),
  };
}
