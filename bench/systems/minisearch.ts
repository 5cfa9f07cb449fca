import MiniSearch from 'minisearch';
import type { BenchPassage, System } from './types.js';

/** MiniSearch 7 with default options on the passage text: what a developer gets from its README. */
export function miniSearchSystem(passages: BenchPassage[]): System {
  const index = new MiniSearch<BenchPassage>({ fields: ['text'] });
  index.addAll(passages);
  return {
    name: 'MiniSearch',
    ask: (q) =>
      index
        .search(q)
        .slice(0, 3)
        .map((r) => String(r.id)),
  };
}
