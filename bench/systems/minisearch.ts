import MiniSearch from 'minisearch';
import type { BenchPassage, System } from './types.js';

/** MiniSearch 7 with default options on the passage text: what a developer gets from its README. */
export function miniSearchSystem(passages: BenchPassage[]): System {
  const index = new MiniSearch<BenchPassage>({ fields: ['text'] });
  index.addAll(passages);
  return {
    name: 'MiniSearch',
    ask: (q, k = 10) =>
      index
        .search(q)
        .slice(0, k)
        .map((r) => String(r.id)),
  };
}
