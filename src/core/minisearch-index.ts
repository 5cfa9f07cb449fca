import MiniSearch, { type Options } from 'minisearch';
import { processTerm, tokenize } from './analysis.js';
import { type Expansion, expand, type QuerySpec } from './expand-term.js';
import {
  FIELD_BOOST,
  INDEX_FIELDS,
  type IndexField,
  type IndexHit,
  type IndexResult,
  type IndexSearchOptions,
  type IndexStats,
  type PassageIndex,
  type PassageIndexBuilder,
  type PassageIndexKind,
  runSteps,
} from './passage-index.js';
import { TermSets } from './term-sets.js';

/**
 * MiniSearch behind the PassageIndex seam, laid out lean:
 * - one MiniSearch over the passages' own words (the `text` field only);
 * - one small MiniSearch over sections (a run of passages sharing an article and heading), holding
 *   titles and headings once per section instead of once in every passage's postings.
 * MiniSearch keeps the term dictionary (its radix tree answers exact, prefix and typo lookups); the
 * scoring loop is ours, over typed arrays: MiniSearch's own builds an object and a Map entry per
 * posting, which was most of the search time. Scores are MiniSearch's BM25 with field boosts, counted
 * in passages: a section's title match scores as it would in each of its passages' own postings.
 */

type TextDoc = { id: string; text: string };
type SectionDoc = { id: number; heading: string; title: string };
type Postings = Map<number, number>;
type TermData = Map<number, Postings>;

/** MiniSearch 7's BM25 parameters and prefix/typo weights (its documented defaults). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_MAX_FUZZY = 6;

const SECTION_FIELDS = ['heading', 'title'] as const;
/** Column of each field in IndexStats' arrays (INDEX_FIELDS order). */
const COLUMN: Record<IndexField, number> = { text: 0, heading: 1, title: 2 };

/** `onTerms` sees each field's terms as MiniSearch indexes them, which is how we count frequencies. */
function miniOptions<T>(
  fields: string[],
  onTerms?: (terms: readonly string[], field: string) => void,
): Options<T> {
  return {
    idField: 'id',
    fields,
    storeFields: [],
    tokenize,
    // MiniSearch accepts an array (several terms from one word) or null (drop the word).
    processTerm: (term, field) => {
      const terms = processTerm(term);
      if (terms && onTerms && field) onTerms(terms, field);
      return terms ?? null;
    },
  };
}

const TEXT_OPTIONS = miniOptions<TextDoc>(['text']);
const SECTION_OPTIONS = miniOptions<SectionDoc>([...SECTION_FIELDS]);

/** The parts of MiniSearch 7.2 that scoring reads (private there; pinned by the dependency's version). */
interface Internals {
  _index: Iterable<[string, TermData]> & Parameters<typeof expand>[0];
  _fieldIds: Record<string, number>;
  _documentCount: number;
  _documentIds: Map<number, string | number>;
  _fieldLength: Map<number, number[]>;
}

function internals(mini: MiniSearch<never> | MiniSearch<TextDoc> | MiniSearch<SectionDoc>): Internals {
  return mini as unknown as Internals;
}

/** Per-field lengths by short id, as a typed array (MiniSearch keeps them in a Map of arrays). */
function lengthsOf(mini: Internals, field: string): Uint32Array {
  const id = mini._fieldIds[field] as number;
  const out = new Uint32Array(mini._documentCount);
  for (const [doc, lengths] of mini._fieldLength) out[doc] = lengths[id] ?? 0;
  return out;
}

/** Reused per-passage accumulators: a worker steps several searches at once, so each takes its own. */
interface Scratch {
  score: Float64Array;
  set: Int32Array;
}

class LeanIndex implements PassageIndex {
  readonly #text: Internals;
  readonly #sections: Internals;
  readonly #textMini: MiniSearch<TextDoc>;
  readonly #sectionMini: MiniSearch<SectionDoc>;
  readonly #sectionOf: Uint32Array;
  readonly #sectionSize: Uint32Array;
  readonly #textLength: Uint32Array;
  readonly #sectionLength: Record<(typeof SECTION_FIELDS)[number], Uint32Array>;
  readonly #df: Map<string, number>;
  readonly #localLengths: number[];
  #global: IndexStats | undefined;
  readonly #pool: Scratch[] = [];
  #idList: string[] | undefined;

  constructor(
    text: MiniSearch<TextDoc>,
    sections: MiniSearch<SectionDoc>,
    sectionOf: Uint32Array,
    df: Map<string, number>,
  ) {
    this.#textMini = text;
    this.#sectionMini = sections;
    this.#text = internals(text);
    this.#sections = internals(sections);
    this.#sectionOf = sectionOf;
    this.#df = df;
    this.#textLength = lengthsOf(this.#text, 'text');
    this.#sectionLength = {
      heading: lengthsOf(this.#sections, 'heading'),
      title: lengthsOf(this.#sections, 'title'),
    };
    this.#sectionSize = new Uint32Array(this.#sections._documentCount);
    for (const s of sectionOf) this.#sectionSize[s] = (this.#sectionSize[s] ?? 0) + 1;
    const total = (a: Uint32Array, weight?: Uint32Array) =>
      a.reduce((sum, n, i) => sum + n * (weight ? (weight[i] ?? 0) : 1), 0);
    this.#localLengths = [
      total(this.#textLength),
      total(this.#sectionLength.heading, this.#sectionSize),
      total(this.#sectionLength.title, this.#sectionSize),
    ];
  }

  get documentCount(): number {
    return this.#global?.documentCount ?? this.#text._documentCount;
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
    const df = new Map<string, number[]>();
    const textId = this.#text._fieldIds.text as number;
    for (const [term, data] of this.#text._index) {
      const n = data.get(textId)?.size ?? 0;
      if (n) df.set(term, [n, 0, 0]);
    }
    for (const [term, data] of this.#sections._index) {
      const row = df.get(term) ?? [0, 0, 0];
      for (const field of SECTION_FIELDS) row[COLUMN[field]] = this.#passagesIn(data, field);
      df.set(term, row);
    }
    return {
      documentCount: this.#text._documentCount,
      fieldLengths: [...this.#localLengths],
      df,
    };
  }

  useGlobalStats(stats: IndexStats): void {
    this.#global = stats;
  }

  search(query: string | readonly string[], options: IndexSearchOptions = {}): IndexHit[] {
    const terms =
      typeof query === 'string'
        ? [...new Set(tokenize(query).flatMap((w) => processTerm(w) ?? []))]
        : [...query];
    return runSteps(this.searchSteps(terms, options)).hits;
  }

  /** OR over the terms, a step per term: a worker yields between steps to other questions. */
  *searchSteps(query: readonly string[], options: IndexSearchOptions = {}): Generator<void, IndexResult> {
    const terms = [...query];
    const fields = options.fields ?? INDEX_FIELDS;
    const sectionFields = SECTION_FIELDS.filter((f) => fields.includes(f));
    const weights = options.weights ?? DEFAULT_WEIGHTS;
    const maxFuzzy = options.maxFuzzy ?? DEFAULT_MAX_FUZZY;
    const specs = terms.map((term): QuerySpec => {
      const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term) : (options.fuzzy ?? false);
      const prefix = typeof options.prefix === 'function' ? options.prefix(term) : options.prefix === true;
      return { term, fuzzy, prefix, boost: options.termWeight?.(term) ?? 1 };
    });
    const sets = new TermSets(terms.length);
    const derived = terms.map(() => new Set<string>());
    const scratch = this.#pool.pop() ?? this.#newScratch();
    const touched: number[] = [];
    try {
      if (fields.includes('text')) {
        for (const [i, spec] of specs.entries()) {
          for (const x of expand(this.#text._index, spec, weights, maxFuzzy)) {
            derived[i]?.add(x.term);
            this.#scoreText(x as Expansion<TermData>, spec.boost, i, sets, scratch, touched);
          }
          yield;
        }
      }
      const section = this.#scoreSections(specs, sectionFields, weights, maxFuzzy, sets, derived);
      return this.#result(touched, scratch, section, sets, terms, derived, options);
    } finally {
      for (const doc of touched) {
        scratch.score[doc] = 0;
        scratch.set[doc] = 0;
      }
      this.#pool.push(scratch);
    }
  }

  suggest(text: string, options: { fuzzy: number }): Array<{ terms: string[]; score: number }> {
    return this.#textMini
      .autoSuggest(text, { fuzzy: options.fuzzy, prefix: false })
      .map(({ terms, score }) => ({ terms, score }));
  }

  /** Four lines: our frequencies, the text index, the section index, each passage's section. */
  serialize(): string {
    return [
      JSON.stringify([...this.#df]),
      JSON.stringify(this.#textMini),
      JSON.stringify(this.#sectionMini),
      JSON.stringify([...this.#sectionOf]),
    ].join('\n');
  }

  #newScratch(): Scratch {
    const n = this.#text._documentCount;
    return { score: new Float64Array(n), set: new Int32Array(n) };
  }

  /** Number of passages, and their average field length, BM25 is computed over. */
  #norms(): { n: number; avg: number[] } {
    const g = this.#global;
    const n = g?.documentCount ?? this.#text._documentCount;
    const lengths = g?.fieldLengths ?? this.#localLengths;
    return { n, avg: lengths.map((l) => (n ? l / n : 0)) };
  }

  /** Passages whose `field` holds the term: the archive-wide count when known, else this index's. */
  #matching(term: string, field: IndexField, local: () => number): number {
    return this.#global?.df.get(term)?.[COLUMN[field]] || local();
  }

  #passagesIn(data: TermData, field: (typeof SECTION_FIELDS)[number]): number {
    const postings = data.get(this.#sections._fieldIds[field] as number);
    let n = 0;
    if (postings) for (const s of postings.keys()) n += this.#sectionSize[s] ?? 0;
    return n;
  }

  #scoreText(
    x: Expansion<TermData>,
    boost: number,
    term: number,
    sets: TermSets,
    scratch: Scratch,
    touched: number[],
  ): void {
    const postings = x.data.get(this.#text._fieldIds.text as number);
    if (!postings) return;
    const { n, avg } = this.#norms();
    const matching = this.#matching(x.term, 'text', () => postings.size);
    const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
    const weight = x.weight * boost * FIELD_BOOST.text * idf;
    const norm = BM25.k / (avg[0] || 1);
    const { score, set } = scratch;
    const lengths = this.#textLength;
    for (const [doc, tf] of postings) {
      const raw =
        BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b) + BM25.b * norm * (lengths[doc] ?? 0));
      const had = set[doc] as number;
      if (had === 0) touched.push(doc);
      score[doc] = (score[doc] as number) + weight * raw;
      set[doc] = sets.with(had, term);
    }
  }

  /** Each section's title and heading score and matched terms, for the passages the text matched. */
  #scoreSections(
    specs: QuerySpec[],
    fields: ReadonlyArray<(typeof SECTION_FIELDS)[number]>,
    weights: { fuzzy: number; prefix: number },
    maxFuzzy: number,
    sets: TermSets,
    derived: Set<string>[],
  ): { score: Float64Array; set: Int32Array } {
    const count = this.#sections._documentCount;
    const score = new Float64Array(count);
    const set = new Int32Array(count);
    if (fields.length === 0) return { score, set };
    const { n, avg } = this.#norms();
    for (const [i, spec] of specs.entries()) {
      for (const x of expand(this.#sections._index, spec, weights, maxFuzzy)) {
        derived[i]?.add(x.term);
        const data = x.data as TermData;
        for (const field of fields) {
          const postings = data.get(this.#sections._fieldIds[field] as number);
          if (!postings) continue;
          const matching = this.#matching(x.term, field, () => this.#passagesIn(data, field));
          const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
          const weight = x.weight * spec.boost * FIELD_BOOST[field] * idf;
          const avgLength = avg[COLUMN[field]] || 1;
          const lengths = this.#sectionLength[field];
          for (const [s, tf] of postings) {
            const length = lengths[s] ?? 0;
            const raw =
              BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength));
            score[s] = (score[s] as number) + weight * raw;
            set[s] = sets.with(set[s] as number, i);
          }
        }
      }
    }
    return { score, set };
  }

  /**
   * The passages the text matched, with their section's score added; the accepted ones counted, the
   * best `limit` of them built as hits. As in MiniSearch, a passage's score is multiplied by the number
   * of query terms it matched.
   */
  #result(
    touched: number[],
    scratch: Scratch,
    section: { score: Float64Array; set: Int32Array },
    sets: TermSets,
    terms: string[],
    derived: Set<string>[],
    options: IndexSearchOptions,
  ): IndexResult {
    const { filter, accept } = options;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const ids = this.#ids();
    // Per set id (sparse arrays: ids are small integers); most passages share a handful of sets.
    const names: string[][] = [];
    const namesOf = (id: number) => {
      let out = names[id];
      if (!out) {
        out = (sets.members[id] as number[]).map((i) => terms[i] as string);
        names[id] = out;
      }
      return out;
    };
    const verdicts = new Map<number, boolean>();
    const everyAll = new Set<number>();
    const finalScore = (doc: number) => {
      const s = this.#sectionOf[doc] as number;
      const all = sets.union(scratch.set[doc] as number, section.set[s] as number);
      return {
        all,
        score:
          ((scratch.score[doc] as number) + (section.score[s] as number)) *
          (sets.members[all] as number[]).length,
      };
    };
    const best = new TopHits(limit, ids);
    let accepted = 0;
    for (const doc of touched) {
      const { all, score } = finalScore(doc);
      everyAll.add(all);
      if (filter && !filter(ids[doc] as string)) continue;
      if (accept) {
        const own = scratch.set[doc] as number;
        const key = all * 0x4000000 + own;
        let ok = verdicts.get(key);
        if (ok === undefined) {
          ok = accept(namesOf(all), namesOf(own));
          verdicts.set(key, ok);
        }
        if (!ok) continue;
      }
      accepted++;
      best.offer(doc, score, all);
    }
    const expansions: string[][] = [];
    const derivedOf = (id: number) => {
      let out = expansions[id];
      if (!out) {
        out = [...new Set((sets.members[id] as number[]).flatMap((i) => [...(derived[i] ?? [])]))];
        expansions[id] = out;
      }
      return out;
    };
    const hits = best.sorted().map(({ doc, score, all }): IndexHit => {
      const id = ids[doc] as string;
      const hit: IndexHit = {
        id,
        score,
        terms: derivedOf(all),
        queryTerms: namesOf(all),
        textTerms: namesOf(scratch.set[doc] as number),
      };
      // The passage before, when it is of the same article and matched too (its text may name the subject).
      const before = doc - 1;
      if (before >= 0 && scratch.set[before] && slugOf(ids[before] as string) === slugOf(id))
        hit.previous = finalScore(before).score;
      return hit;
    });
    const found = new Set<string>();
    for (const all of everyAll) for (const i of sets.members[all] as number[]) found.add(terms[i] as string);
    return { hits, matched: touched.length, accepted, found };
  }

  /** Passage ids by short id (MiniSearch keeps them in a Map). */
  #ids(): string[] {
    if (!this.#idList) {
      const list: string[] = new Array(this.#text._documentCount);
      for (const [doc, id] of this.#text._documentIds) list[doc] = String(id);
      this.#idList = list;
    }
    return this.#idList;
  }
}

/**
 * The best `limit` of the hits offered, by score and then id (equal scores must list the same passages
 * however the archive is split into shards): a bounded heap, so a broad question's thousands of hits
 * cost a comparison each, not a sort and an object each.
 */
class TopHits {
  readonly #limit: number;
  readonly #ids: readonly string[];
  readonly #heap: Array<{ doc: number; score: number; all: number }> = [];

  constructor(limit: number, ids: readonly string[]) {
    this.#limit = limit;
    this.#ids = ids;
  }

  /** Whether a ranks before b. */
  #before(a: { doc: number; score: number }, b: { doc: number; score: number }): boolean {
    return (
      a.score > b.score ||
      (a.score === b.score && (this.#ids[a.doc] as string) < (this.#ids[b.doc] as string))
    );
  }

  offer(doc: number, score: number, all: number): void {
    const heap = this.#heap;
    const item = { doc, score, all };
    if (heap.length < this.#limit) {
      heap.push(item);
      if (Number.isFinite(this.#limit)) this.#up(heap.length - 1);
      return;
    }
    // The heap's root is the worst kept: replace it only with a better hit.
    if (!this.#before(item, heap[0] as typeof item)) return;
    heap[0] = item;
    this.#down(0);
  }

  sorted(): Array<{ doc: number; score: number; all: number }> {
    return this.#heap.sort((a, b) => (this.#before(a, b) ? -1 : this.#before(b, a) ? 1 : 0));
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[parent] as (typeof heap)[number], heap[i] as (typeof heap)[number])) break;
      [heap[parent], heap[i]] = [heap[i] as (typeof heap)[number], heap[parent] as (typeof heap)[number]];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (
        l < heap.length &&
        this.#before(heap[worst] as (typeof heap)[number], heap[l] as (typeof heap)[number])
      )
        worst = l;
      if (
        r < heap.length &&
        this.#before(heap[worst] as (typeof heap)[number], heap[r] as (typeof heap)[number])
      )
        worst = r;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i] as (typeof heap)[number], heap[worst] as (typeof heap)[number]];
      i = worst;
    }
  }
}

/** Per field: each term's passage count, and the last passage counted (so a repeated word counts once). */
type FieldCounts = Map<string, { last: number; n: number }>;

function count(counts: FieldCounts, terms: Iterable<string>, passage: number): void {
  for (const t of terms) {
    const c = counts.get(t);
    if (!c) counts.set(t, { last: passage, n: 1 });
    else if (c.last !== passage) {
      c.last = passage;
      c.n++;
    }
  }
}

/** The article a passage belongs to: its id up to the last `#` (`slug#3` → `slug`). */
function slugOf(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}

function builder(): PassageIndexBuilder {
  const counts = new Map<string, FieldCounts>(INDEX_FIELDS.map((f) => [f, new Map()]));
  const textCounts = counts.get('text') as FieldCounts;
  let passage = -1; // the passage being added; -1 between adds (MiniSearch also calls processTerm to search)
  let added = 0;
  const text = new MiniSearch<TextDoc>(
    miniOptions(['text'], (terms) => {
      if (passage >= 0) count(textCounts, terms, passage);
    }),
  );
  // The current section's terms per field, counted again for each of its passages.
  let sectionTerms: Record<string, Set<string>> = {};
  const sections = new MiniSearch<SectionDoc>(
    miniOptions([...SECTION_FIELDS], (terms, field) => {
      const into = sectionTerms[field];
      if (into) for (const t of terms) into.add(t);
    }),
  );
  const sectionOf: number[] = [];
  let lastKey: string | undefined;
  return {
    add(doc) {
      const key = `${slugOf(doc.id)}\u0000${doc.title}\u0000${doc.heading}`;
      if (key !== lastKey) {
        lastKey = key;
        sectionTerms = { heading: new Set(), title: new Set() };
        sections.add({ id: sections.documentCount, heading: doc.heading, title: doc.title });
      }
      passage = added++;
      sectionOf.push(sections.documentCount - 1);
      try {
        text.add({ id: doc.id, text: doc.text });
      } finally {
        passage = -1;
      }
      for (const field of SECTION_FIELDS)
        count(counts.get(field) as FieldCounts, sectionTerms[field] ?? [], added - 1);
    },
    finish() {
      const df = new Map<string, number>();
      for (const c of counts.values()) {
        for (const [t, { n }] of c) df.set(t, Math.max(n, df.get(t) ?? 0));
      }
      return new LeanIndex(text, sections, Uint32Array.from(sectionOf), df);
    },
  };
}

/** MiniSearch 7 with BM25 over text, heading and title; the saved form is four JSON lines. */
export const miniSearchIndex: PassageIndexKind = {
  format: 'minisearch-7/lean-1',
  builder,
  load(saved) {
    const [df, text, sections, sectionOf, ...rest] = saved.split('\n');
    if (df === undefined || !text || !sections || !sectionOf || rest.length) {
      throw new Error('saved index is not four lines');
    }
    return new LeanIndex(
      MiniSearch.loadJSON<TextDoc>(text, TEXT_OPTIONS),
      MiniSearch.loadJSON<SectionDoc>(sections, SECTION_OPTIONS),
      Uint32Array.from(JSON.parse(sectionOf) as number[]),
      new Map<string, number>(JSON.parse(df) as Array<[string, number]>),
    );
  },
};
