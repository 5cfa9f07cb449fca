import lunr from 'lunr';
import type { BenchPassage, System } from './types.js';

/**
 * Lunr 2.3.9 with its default English pipeline (stemmer, stop words) on the passage text. Questions
 * go through lunr's tokenizer as plain optional terms, which is what `index.search` does for plain
 * words, without its query syntax reading ":" or a leading "-" in a question as operators.
 */
export function lunrSystem(passages: BenchPassage[]): System {
  const index = lunr(function () {
    this.ref('id');
    this.field('text');
    for (const p of passages) this.add(p);
  });
  return {
    name: 'Lunr',
    ask: (q, k = 10) =>
      index
        .query((query) => {
          query.term(lunr.tokenizer(q), {});
        })
        .slice(0, k)
        .map((r) => r.ref),
  };
}
