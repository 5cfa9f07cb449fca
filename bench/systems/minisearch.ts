import MiniSearch from 'minisearch';
import type { BenchPassage, PeerModule, SavableSystem } from './types.js';

/** MiniSearch 7 with default options on the passage text: what a developer gets from its README. */
const OPTIONS = { fields: ['text'] };

function system(index: MiniSearch<BenchPassage>): SavableSystem {
  return {
    name: 'MiniSearch',
    ask: (q, k = 10) =>
      index
        .search(q)
        .slice(0, k)
        .map((r) => String(r.id)),
    save: () => [JSON.stringify(index)],
  };
}

export const miniSearchPeer: PeerModule = {
  build(passages) {
    const index = new MiniSearch<BenchPassage>(OPTIONS);
    index.addAll(passages);
    return system(index);
  },
  load: (lines) => system(MiniSearch.loadJSON<BenchPassage>(lines[0] ?? '', OPTIONS)),
};

export const miniSearchSystem = (passages: BenchPassage[]): SavableSystem => miniSearchPeer.build(passages);
