import { type AnalysedText, analysedText, TermSet } from './analysed-text.js';
import type { IndexHit } from './passage-index.js';
import { pairsProximity, pairTerms, type WordPair } from './proximity.js';

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
  return coverage(analysedText(text), new TermSet(matchedTerms), questionWords);
}

function coverage(text: AnalysedText, matched: TermSet, questionWords: number): number {
  if (questionWords === 0) return 0;
  const { starts, terms, segmentEnds } = text;
  const found = new Set<string>();
  let best = 0;
  let t = 0;
  for (const end of segmentEnds) {
    found.clear();
    for (; t < starts.length && (starts[t] as number) < end; t++) {
      const own = terms[t];
      // One key per word, so a synonym pair (smartphon + phone) counts once.
      if (own && matched.hasAny(own)) found.add(own[0] as string);
    }
    if (found.size > best) best = found.size;
  }
  return Math.min(1, best / questionWords);
}

/** How much a fully covered sentence multiplies a passage's score. */
export const COVERAGE_WEIGHT = 2;
/** Only the best hits are re-ranked: the rest keep BM25 order, and the work stays small on big corpora. */
export const RERANK_DEPTH = 20;
/** How much holding every adjacent pair of question words together multiplies a passage's score. */
export const PROXIMITY_WEIGHT = 2;
/** Share of the previous passage's search score a passage inherits (the fact often follows its subject). */
export const NEIGHBOUR_SHARE = 0.4;
/** How much a passage offering the asked answer type (a number for "how many"…) multiplies its score. */
export const ANSWER_TYPE_BOOST = 0.3;

export interface RerankHints {
  /** Search scores of the given passages, not necessarily among the re-ranked ones (absent: no match). */
  scoresOf?: (ids: ReadonlySet<string>) => Map<string, number>;
  /** Whether the passage offers the answer type the question asks for. */
  offersType?: (id: string) => boolean;
}

/** The id of the passage before `id` in its article (`slug#3` → `slug#2`), if any. */
export function previousPassageId(id: string): string | undefined {
  const m = /^(.*#)(\d+)$/.exec(id);
  const n = m ? Number(m[2]) : 0;
  return m && n > 1 ? `${m[1]}${n - 1}` : undefined;
}

/**
 * Re-orders the top hits by (score + a share of the previous passage's score) × (1 + weight × best-
 * sentence coverage of the question's words) × (1 + weight × share of the question's word pairs held
 * together) × (1 + boost when the passage offers the asked answer type).
 */
export function rerank(
  hits: IndexHit[],
  questionWords: number,
  matchedOf: (hit: IndexHit) => string[],
  textOf: (id: string) => string,
  pairs: readonly WordPair[] = [],
  hints: RerankHints = {},
): IndexHit[] {
  const top = hits.slice(0, RERANK_DEPTH);
  const prevOf = top.map((h) => previousPassageId(h.id));
  const prevIds = new Set(prevOf.filter((id) => id !== undefined));
  const prevScores = hints.scoresOf && prevIds.size ? hints.scoresOf(prevIds) : undefined;
  const inPairs = pairTerms(pairs);
  const head = top.map((hit, i) => {
    const text = analysedText(textOf(hit.id));
    const covered = coverage(text, new TermSet(matchedOf(hit)), questionWords);
    const near = pairsProximity(text.terms, pairs, inPairs);
    const prev = prevOf[i];
    const base = hit.score + (prev ? NEIGHBOUR_SHARE * (prevScores?.get(prev) ?? 0) : 0);
    const typed = hints.offersType?.(hit.id) ? 1 + ANSWER_TYPE_BOOST : 1;
    return {
      ...hit,
      score: base * (1 + COVERAGE_WEIGHT * covered) * (1 + PROXIMITY_WEIGHT * near) * typed,
    };
  });
  head.sort((a, b) => b.score - a.score);
  return [...head, ...hits.slice(RERANK_DEPTH)];
}
