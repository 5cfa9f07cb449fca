import lunr from 'lunr';
import type { BenchPassage, PeerModule, SavableSystem } from './types.js';

/**
 * Lunr 2.3.9 with its default English pipeline (stemmer, stop words) on the passage text. Questions
 * go through lunr's tokenizer as plain optional terms, which is what `index.search` does for plain
 * words, without its query syntax reading ":" or a leading "-" in a question as operators.
 */
interface LunrJson {
  fieldVectors: unknown[];
  invertedIndex: unknown[];
}

function system(index: lunr.Index): SavableSystem {
  return {
    name: 'Lunr',
    ask: (q, k = 10) =>
      index
        .query((query) => {
          query.term(lunr.tokenizer(q), {});
        })
        .slice(0, k)
        .map((r) => r.ref),
    save: () => {
      // Header, then one line per document vector and per term of the inverted index.
      const { fieldVectors, invertedIndex, ...header } = index.toJSON() as unknown as LunrJson;
      return [
        JSON.stringify(header),
        ...fieldVectors.map((v) => `V${JSON.stringify(v)}`),
        ...invertedIndex.map((t) => `I${JSON.stringify(t)}`),
      ];
    },
  };
}

export const lunrPeer: PeerModule = {
  build(passages) {
    const index = lunr(function () {
      this.ref('id');
      this.field('text');
      for (const p of passages) this.add(p);
    });
    return system(index);
  },
  load([header, ...rest]) {
    const json = {
      ...(JSON.parse(header ?? '{}') as object),
      fieldVectors: [],
      invertedIndex: [],
    } as LunrJson;
    for (const line of rest)
      (line[0] === 'V' ? json.fieldVectors : json.invertedIndex).push(JSON.parse(line.slice(1)));
    return system(lunr.Index.load(json));
  },
};

export const lunrSystem = (passages: BenchPassage[]): SavableSystem => lunrPeer.build(passages);
