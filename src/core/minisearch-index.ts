import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { processTerm, tokenize } from './analysis.js';
import {
  FIELD_BOOST,
  type IndexedPassage,
  type IndexField,
  type IndexHit,
  type IndexSearchOptions,
  type PassageIndex,
  type PassageIndexBuilder,
  type PassageIndexKind,
} from './passage-index.js';
import { sourceTermsOf } from './source-terms.js';

const FIELDS: IndexField[] = ['text', 'heading', 'title'];

/** `onTerms` sees each field's terms as MiniSearch indexes them, which is how we count frequencies. */
function options(onTerms?: (terms: readonly string[], field: string) => void): Options<IndexedPassage> {
  return {
    idField: 'id',
    fields: FIELDS,
    storeFields: [],
    tokenize,
    // MiniSearch accepts an array (several terms from one word) or null (drop the word).
    processTerm: (term, field) => {
      const terms = processTerm(term);
      if (terms && onTerms && field) onTerms(terms, field);
      return terms ?? null;
    },
    searchOptions: { boost: { ...FIELD_BOOST } },
  };
}

const OPTIONS = options();

/** Our options in MiniSearch's words; keys left undefined must not override MiniSearch's defaults. */
function toMiniSearch(o: IndexSearchOptions): SearchOptions {
  const { boostDocument, filter, termWeight, ...rest } = o;
  const out: SearchOptions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (boostDocument) out.boostDocument = (id) => boostDocument(id);
  if (termWeight) out.boostTerm = (term) => termWeight(term);
  if (filter) out.filter = (r) => filter(String(r.id));
  return out;
}

/**
 * MiniSearch behind the PassageIndex seam. Document frequencies are counted by us while building and
 * saved with the index: MiniSearch keeps its term tree private.
 */
class MiniSearchIndex implements PassageIndex {
  readonly #mini: MiniSearch<IndexedPassage>;
  readonly #df: Map<string, number>;

  constructor(mini: MiniSearch<IndexedPassage>, df: Map<string, number>) {
    this.#mini = mini;
    this.#df = df;
  }

  get documentCount(): number {
    return this.#mini.documentCount;
  }

  hasTerm(term: string): boolean {
    return this.#df.has(term);
  }

  documentFrequency(term: string): number {
    return this.#df.get(term) ?? 0;
  }

  search(query: string | readonly string[], options: IndexSearchOptions = {}): IndexHit[] {
    const o = toMiniSearch(options);
    if (typeof query === 'string') return withTextTerms(this.#mini.search(query, o));
    const terms = [...query];
    return withTextTerms(
      this.#mini.search(terms.join(' '), { ...o, tokenize: () => terms, processTerm: (t) => t }),
    );
  }

  suggest(text: string, options: { fuzzy: number }): Array<{ terms: string[]; score: number }> {
    return this.#mini
      .autoSuggest(text, { fuzzy: options.fuzzy, prefix: false })
      .map(({ terms, score }) => ({ terms, score }));
  }

  /** Two lines: our frequencies, then MiniSearch's own JSON. */
  serialize(): string {
    return `${JSON.stringify([...this.#df])}\n${JSON.stringify(this.#mini)}`;
  }
}

/**
 * Adds each hit's text-field query terms. Work is per distinct expanded term and per distinct set, not
 * per hit: a common term's thousands of hits share both.
 */
function withTextTerms(results: SearchResult[]): IndexHit[] {
  const all = [...new Set(results.flatMap((r) => r.queryTerms))];
  const sources = new Map<string, string[]>();
  const shared = new Map<string, string[]>();
  return results.map((r) => {
    const found = new Set<string>();
    for (const [term, fields] of Object.entries(r.match)) {
      if (!fields.includes('text')) continue;
      let from = sources.get(term);
      if (!from) {
        from = sourceTermsOf(term, all);
        sources.set(term, from);
      }
      for (const q of from) if (r.queryTerms.includes(q)) found.add(q);
    }
    const key = [...found].sort().join(' ');
    let textTerms = shared.get(key);
    if (!textTerms) {
      textTerms = [...found].sort();
      shared.set(key, textTerms);
    }
    return { id: String(r.id), score: r.score, terms: r.terms, queryTerms: r.queryTerms, textTerms };
  });
}

/** Per field: each term's passage count, and the last passage counted (so a repeated word counts once). */
type FieldCounts = Map<string, { last: number; n: number }>;

function builder(): PassageIndexBuilder {
  const counts = new Map<string, FieldCounts>(FIELDS.map((f) => [f, new Map()]));
  let passage = -1; // the passage being added; -1 between adds (MiniSearch also calls processTerm to search)
  let added = 0;
  let lastField = '';
  let count: FieldCounts | undefined;
  const mini = new MiniSearch<IndexedPassage>(
    options((terms, field) => {
      if (passage < 0) return;
      if (field !== lastField) {
        lastField = field;
        count = counts.get(field);
      }
      if (!count) return;
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i] as string;
        const c = count.get(t);
        if (!c) count.set(t, { last: passage, n: 1 });
        else if (c.last !== passage) {
          c.last = passage;
          c.n++;
        }
      }
    }),
  );
  return {
    add(doc) {
      passage = added++;
      try {
        mini.add(doc);
      } finally {
        passage = -1;
      }
    },
    finish() {
      const df = new Map<string, number>();
      for (const count of counts.values()) {
        for (const [t, { n }] of count) df.set(t, Math.max(n, df.get(t) ?? 0));
      }
      return new MiniSearchIndex(mini, df);
    },
  };
}

/** MiniSearch 7 with BM25 over text, heading and title; the saved form is ours plus MiniSearch's JSON. */
export const miniSearchIndex: PassageIndexKind = {
  format: 'minisearch-7/df-1',
  builder,
  load(saved) {
    const nl = saved.indexOf('\n');
    if (nl < 0) throw new Error('saved index has no frequency line');
    const df = new Map<string, number>(JSON.parse(saved.slice(0, nl)) as Array<[string, number]>);
    return new MiniSearchIndex(MiniSearch.loadJSON<IndexedPassage>(saved.slice(nl + 1), OPTIONS), df);
  },
};
