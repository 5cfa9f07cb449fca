import { describe, expect, it } from 'vitest';
import type { RankedHit } from '../../src/core/answer-service.js';
import { mergeRankings, type SketchedRanking } from '../../src/search/merge.js';

/** A shard's ranking of `n` hits scored from `top` down; every hit's text is one of `stories` (its sketch). */
function shard(name: string, n: number, top: number, stories: number, limit = 10): SketchedRanking {
  const hits: Array<RankedHit & { sketch: number[]; slug: string }> = Array.from({ length: n }, (_, i) => ({
    id: `${name}-${i}#1`,
    slug: `${name}-${i}`,
    score: top - i,
    base: top - i,
    head: false,
    matched: [],
    sketch: [i % stories],
  }));
  return {
    answer: {
      question: 'q',
      terms: ['q'],
      passages: [],
      total: n,
      offset: 0,
      limit,
      suggestions: [],
      fuzzy: false,
    },
    hits,
    firstPass: n,
  };
}

describe('merging shard rankings', () => {
  it('folds copies of one story found in different shards into one hit, listing the others', () => {
    const { answer, page } = mergeRankings([shard('a', 3, 100, 3), shard('b', 3, 99.5, 3)]);
    expect(answer.total).toBe(3);
    expect(page.map((p) => [p.hit.id, p.alsoIn.map((h) => h.id)])).toEqual([
      ['a-0#1', ['b-0#1']],
      ['a-1#1', ['b-1#1']],
      ['a-2#1', ['b-2#1']],
    ]);
  });

  it('asks for more when folding left too few for the page, and stops once the page is filled', () => {
    // 400 hits in all (more than are folded whole), only 5 distinct stories among the first 40.
    const few = mergeRankings([shard('a', 200, 1000, 5), shard('b', 200, 999.5, 5)]);
    expect(few.deeper).toBe(80);
    // Each shard returns all it has here (its 200 are under the whole-fold limit): the loop must end.
    const rankings = [shard('a', 200, 1000, 50), shard('b', 200, 999.5, 50)];
    let depth = 40;
    let merged = mergeRankings(rankings, depth);
    for (let rounds = 0; merged.deeper; rounds++) {
      expect(rounds).toBeLessThan(5);
      depth = merged.deeper;
      merged = mergeRankings(rankings, depth);
    }
    expect(merged.page).toHaveLength(10);
    expect(new Set(merged.page.map((p) => p.hit.sketch[0])).size).toBe(10);
  });
});
