import { Index } from 'flexsearch';
import type { BenchPassage, PeerModule, SavableSystem } from './types.js';

/**
 * FlexSearch 0.8 with default index options on the passage text. Its search matches every word of the
 * query by default, which a question in plain words almost never satisfies; `suggest: true` (its
 * documented option for partial matches) ranks passages holding some of the words instead.
 * Ids are numbers in the index (the passages' positions), mapped back to passage ids.
 */
function system(index: Index, ids: string[]): SavableSystem {
  return {
    name: 'FlexSearch',
    ask: (q, k = 10) =>
      (index.search(q, { limit: k, suggest: true }) as number[]).map((n) => ids[n] as string),
    save: () => {
      const parts: Record<string, string> = {};
      index.export((key, data) => {
        parts[key] = data;
      });
      return [JSON.stringify(ids), ...Object.entries(parts).map((entry) => JSON.stringify(entry))];
    },
  };
}

export const flexSearchPeer: PeerModule = {
  build(passages) {
    const index = new Index();
    passages.forEach((p, n) => {
      index.add(n, p.text);
    });
    return system(
      index,
      passages.map((p) => p.id),
    );
  },
  load([first, ...parts]) {
    const index = new Index();
    for (const part of parts) index.import(...(JSON.parse(part) as [string, string]));
    return system(index, JSON.parse(first ?? '[]') as string[]);
  },
};

export const flexSearchSystem = (passages: BenchPassage[]): SavableSystem => flexSearchPeer.build(passages);
