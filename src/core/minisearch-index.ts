import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { processTerm, tokenize } from './analysis.js';
import {
  FIELD_BOOST,
  type IndexedPassage,
  type IndexField,
  type IndexHit,
  type IndexSearchOptions,
  type IndexStats,
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
  #global: IndexStats | undefined;

  constructor(mini: MiniSearch<IndexedPassage>, df: Map<string, number>) {
    this.#mini = mini;
    this.#df = df;
  }

  get documentCount(): number {
    return this.#global?.documentCount ?? this.#mini.documentCount;
  }

  hasTerm(term: string): boolean {
    return this.#global ? this.#global.df.has(term) : this.#df.has(term);
  }

  documentFrequency(term: string): number {
    if (!this.#global) return this.#df.get(term) ?? 0;
    const counts = this.#global.df.get(term);
    return counts ? Math.max(...counts) : 0;
  }

  stats(): IndexStats {
    const m = internals(this.#mini);
    const ids = FIELDS.map((f) => m._fieldIds[f] as number);
    const df = new Map<string, number[]>();
    for (const [term, fields] of m._index)
      df.set(
        term,
        ids.map((id) => fields.get(id)?.size ?? 0),
      );
    return {
      documentCount: m._documentCount,
      fieldLengths: ids.map((id) => (m._avgFieldLength[id] ?? 0) * m._documentCount),
      df,
    };
  }

  useGlobalStats(stats: IndexStats): void {
    this.#global = stats;
    scoreWith(this.#mini, stats);
  }

  search(query: string | readonly string[], options: IndexSearchOptions = {}): IndexHit[] {
    const o = toMiniSearch(options);
    if (typeof query === 'string') return withTextTerms(this.#mini.search(query, o));
    const terms = [...query];
    return withTextTerms(
      this.#mini.search(terms.join(' '), { ...o, tokenize: () => terms, processTerm: (t) => t }),
    );
  }

  /**
   * MiniSearch's OR search (7.2 `search` → `executeQuerySpec` per term → combine → quality × score →
   * sort) a term at a time. Only OR is stepped; anything else is one plain search.
   */
  *searchSteps(query: readonly string[], options: IndexSearchOptions = {}): Generator<void, IndexHit[]> {
    if ((options.combineWith ?? 'OR') !== 'OR') return this.search(query, options);
    const o = toMiniSearch(options);
    const m = this.#mini as unknown as Internals & {
      executeQuerySpec(spec: object, options: SearchOptions): Map<number, MatchResult>;
    };
    const terms = [...query];
    const combined = new Map<number, MatchResult>();
    for (const [i, term] of terms.entries()) {
      const fuzzy = typeof o.fuzzy === 'function' ? o.fuzzy(term, i, terms) : (o.fuzzy ?? false);
      const prefix = typeof o.prefix === 'function' ? o.prefix(term, i, terms) : o.prefix === true;
      const termBoost = typeof o.boostTerm === 'function' ? o.boostTerm(term, i, terms) : 1;
      const part = m.executeQuerySpec({ term, fuzzy, prefix, termBoost }, o);
      for (const [docId, r] of part) {
        const had = combined.get(docId);
        if (!had) combined.set(docId, r);
        else {
          had.score += r.score;
          had.match = Object.assign(had.match, r.match);
          for (const t of r.terms) if (!had.terms.includes(t)) had.terms.push(t);
        }
      }
      yield;
    }
    const results: SearchResult[] = [];
    for (const [docId, { score, terms: queryTerms, match }] of combined) {
      const result = {
        id: m._documentIds.get(docId),
        score: score * (queryTerms.length || 1),
        terms: Object.keys(match),
        queryTerms,
        match,
      } as SearchResult;
      if (!o.filter || o.filter(result)) results.push(result);
    }
    results.sort((a, b) => b.score - a.score);
    yield;
    return withTextTerms(results);
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

/** The parts of MiniSearch 7.2 that BM25 scoring reads (private there; pinned by the dependency's version). */
interface Internals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _fieldIds: Record<string, number>;
  _documentCount: number;
  _avgFieldLength: number[];
  _documentIds: Map<number, unknown>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  termResults: (...args: never[]) => Map<number, MatchResult>;
}

interface MatchResult {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}

function internals(mini: MiniSearch<IndexedPassage>): Internals {
  return mini as unknown as Internals;
}

/**
 * MiniSearch's own term scoring (7.2 `termResults`) with the archive-wide passage count, document
 * frequency and average field length in place of this shard's: a passage then scores the same in any
 * shard as in one whole index, so shards' results merge by score. Set on the instance, not a subclass,
 * because MiniSearch.loadJSON always constructs a plain MiniSearch.
 */
function scoreWith(mini: MiniSearch<IndexedPassage>, stats: IndexStats): void {
  const m = internals(mini);
  const ids = FIELDS.map((f) => m._fieldIds[f] as number);
  const avg: number[] = [];
  ids.forEach((id, i) => {
    avg[id] = stats.documentCount ? (stats.fieldLengths[i] ?? 0) / stats.documentCount : 0;
  });
  const column: number[] = [];
  ids.forEach((id, i) => {
    column[id] = i;
  });
  const n = stats.documentCount;
  function termResults(
    this: Internals,
    sourceTerm: string,
    derivedTerm: string,
    termWeight: number,
    termBoost: number,
    fieldTermData: Map<number, Map<number, number>> | undefined,
    fieldBoosts: Record<string, number>,
    boostDocumentFn: ((id: unknown, term: string, stored: unknown) => number) | undefined,
    bm25: { k: number; b: number; d: number },
    results: Map<number, MatchResult> = new Map(),
  ): Map<number, MatchResult> {
    if (fieldTermData == null) return results;
    const counts = stats.df.get(derivedTerm);
    for (const field of Object.keys(fieldBoosts)) {
      const fieldBoost = fieldBoosts[field] as number;
      const fieldId = this._fieldIds[field] as number;
      const freqs = fieldTermData.get(fieldId);
      if (freqs == null) continue;
      const matching = counts?.[column[fieldId] as number] || freqs.size;
      const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
      const avgLength = avg[fieldId] as number;
      for (const [docId, termFreq] of freqs) {
        const id = this._documentIds.get(docId);
        if (id === undefined) continue; // never happens: passages are not removed from a built index
        const docBoost = boostDocumentFn
          ? boostDocumentFn(id, derivedTerm, this._storedFields.get(docId))
          : 1;
        if (!docBoost) continue;
        const fieldLength = (this._fieldLength.get(docId) as number[])[fieldId] as number;
        const raw =
          idf *
          (bm25.d +
            (termFreq * (bm25.k + 1)) /
              (termFreq + bm25.k * (1 - bm25.b + (bm25.b * fieldLength) / avgLength)));
        const weighted = termWeight * termBoost * fieldBoost * docBoost * raw;
        const result = results.get(docId);
        if (result) {
          result.score += weighted;
          if (!result.terms.includes(sourceTerm)) result.terms.push(sourceTerm);
          const match = Object.hasOwn(result.match, derivedTerm) ? result.match[derivedTerm] : undefined;
          if (match) match.push(field);
          else result.match[derivedTerm] = [field];
        } else {
          results.set(docId, { score: weighted, terms: [sourceTerm], match: { [derivedTerm]: [field] } });
        }
      }
    }
    return results;
  }
  (m as { termResults: unknown }).termResults = termResults;
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
