import SearchableMap from 'minisearch/SearchableMap';
import { processTerm, tokenize } from './analysis.js';
import { type Expansion, expand, type QuerySpec } from './expand-term.js';
import type { Postings } from './frozen-postings.js';
import {
  type LeanParts,
  loadParts,
  SECTION_FIELDS,
  type SectionField,
  saveParts,
} from './lean-index-saved.js';
import { slugOfPassage } from './passage-ids.js';
import {
  FIELD_BOOST,
  INDEX_FIELDS,
  type IndexField,
  type IndexHit,
  type IndexResult,
  type IndexSearchOptions,
  type IndexStats,
  type PassageIndex,
  runSteps,
} from './passage-index.js';
import { TermSets } from './term-sets.js';
import { TopHits } from './top-hits.js';

/** MiniSearch 7's BM25 parameters and prefix/typo weights (its documented defaults). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_MAX_FUZZY = 6;

/** Column of each field in IndexStats' arrays (INDEX_FIELDS order). */
const COLUMN: Record<IndexField, number> = { text: 0, heading: 1, title: 2 };

/** The statistics one search scores with, read once: new ones arriving mid-search wait for the next. */
interface Norms {
  /** Passages, and their average field length (INDEX_FIELDS order). */
  n: number;
  avg: number[];
  global: IndexStats | undefined;
}

/** Reused per-passage accumulators: a worker steps several searches at once, so each takes its own. */
interface Scratch {
  score: Float64Array;
  set: Int32Array;
}

/**
 * The passage index: BM25 over passages' text, with their section's title and heading scored as if in
 * each passage's own fields (counts in passages, MiniSearch's formula and field boosts), so a title
 * match lifts the passages the text matched without making every passage of the article a match.
 */
export class LeanIndex implements PassageIndex {
  readonly #p: LeanParts;
  readonly #dictionary: SearchableMap<number>;
  readonly #sectionSize: Uint32Array;
  /** Passages whose section's heading / title holds term t. */
  readonly #sectionDf: Record<SectionField, Uint32Array>;
  readonly #localLengths: number[];
  #global: IndexStats | undefined;
  readonly #pool: Scratch[] = [];

  constructor(parts: LeanParts) {
    this.#p = parts;
    this.#dictionary = SearchableMap.from(parts.terms.map((t, i): [string, number] => [t, i]));
    this.#sectionSize = new Uint32Array(parts.sectionLength.title.length);
    for (const s of parts.sectionOf) this.#sectionSize[s] = (this.#sectionSize[s] ?? 0) + 1;
    this.#sectionDf = {
      heading: this.#passageCounts(parts.heading),
      title: this.#passageCounts(parts.title),
    };
    const total = (a: Uint32Array, weight?: Uint32Array) =>
      a.reduce((sum, n, i) => sum + n * (weight ? (weight[i] ?? 0) : 1), 0);
    this.#localLengths = [
      total(parts.textLength),
      total(parts.sectionLength.heading, this.#sectionSize),
      total(parts.sectionLength.title, this.#sectionSize),
    ];
  }

  get documentCount(): number {
    return this.#global?.documentCount ?? this.#p.ids.length;
  }

  hasTerm(term: string): boolean {
    return this.#global ? this.#global.df.has(term) : this.#dictionary.has(term);
  }

  documentFrequency(term: string): number {
    if (this.#global) {
      const counts = this.#global.df.get(term);
      return counts ? Math.max(...counts) : 0;
    }
    const t = this.#dictionary.get(term);
    return t === undefined ? 0 : Math.max(...this.#localDf(t));
  }

  stats(): IndexStats {
    const df = new Map<string, number[]>();
    this.#p.terms.forEach((term, t) => {
      df.set(term, this.#localDf(t));
    });
    return { documentCount: this.#p.ids.length, fieldLengths: [...this.#localLengths], df };
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
    // A term given twice is one query term: counted twice it would double the passage's quality factor.
    const terms = [...new Set(query)];
    const fields = options.fields ?? INDEX_FIELDS;
    const weights = options.weights ?? DEFAULT_WEIGHTS;
    const maxFuzzy = options.maxFuzzy ?? DEFAULT_MAX_FUZZY;
    const specs = terms.map((term): QuerySpec => {
      const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term) : (options.fuzzy ?? false);
      const prefix = typeof options.prefix === 'function' ? options.prefix(term) : options.prefix === true;
      return { term, fuzzy, prefix, boost: options.termWeight?.(term) ?? 1 };
    });
    // Each query term's matches in the dictionary (itself, longer forms, typos) with their weights,
    // looked up in the term's own step: typo lookups are the slow part of a long question.
    const matches: Array<Array<Expansion<number>>> = [];
    const matchesOf = (i: number) => {
      matches[i] ??= [...expand(this.#dictionary, specs[i] as QuerySpec, weights, maxFuzzy)];
      return matches[i];
    };
    const sets = new TermSets(terms.length);
    const norms = this.#norms();
    const scratch = this.#pool.pop() ?? this.#newScratch();
    const touched: number[] = [];
    try {
      if (fields.includes('text')) {
        for (const [i, spec] of specs.entries()) {
          for (const x of matchesOf(i))
            this.#scoreText(x.data, x.weight * spec.boost, i, sets, scratch, touched, norms);
          yield;
        }
      }
      for (let i = 0; i < specs.length; i++) matchesOf(i);
      const sectionFields = SECTION_FIELDS.filter((f) => fields.includes(f));
      const section = this.#scoreSections(specs, matches, sectionFields, sets, norms);
      const derived = matches.map((m) => m.map((x) => x.term));
      return this.#result(touched, scratch, section, sets, terms, derived, options);
    } finally {
      for (const doc of touched) {
        scratch.score[doc] = 0;
        scratch.set[doc] = 0;
      }
      this.#pool.push(scratch);
    }
  }

  /** Indexed terms within the typo distance of the words of `text`: the nearest first, then the commonest. */
  suggest(text: string, options: { fuzzy: number }): Array<{ terms: string[]; score: number }> {
    const out: Array<{ terms: string[]; score: number }> = [];
    for (const term of new Set(tokenize(text).flatMap((w) => processTerm(w) ?? []))) {
      const distance = Math.max(1, Math.round(term.length * options.fuzzy));
      for (const [near, [t, d]] of this.#dictionary.fuzzyGet(term, distance)) {
        // Nearer first; among equally near, the word in more passages.
        const df = Math.min(Math.max(...this.#localDf(t)), 1e7 - 1);
        out.push({ terms: [near], score: (distance + 1 - d) * 1e7 + df });
      }
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** One line of JSON (lean-index-saved.ts). */
  serialize(): string {
    return saveParts(this.#p);
  }

  /** The index saved by {@link serialize}; throws when it is damaged (the cache is then rebuilt). */
  static deserialize(saved: string): LeanIndex {
    return new LeanIndex(loadParts(saved));
  }

  #newScratch(): Scratch {
    const n = this.#p.ids.length;
    return { score: new Float64Array(n), set: new Int32Array(n) };
  }

  /** Term t's passage counts in text, heading and title (INDEX_FIELDS order). */
  #localDf(t: number): number[] {
    const o = this.#p.text.offsets;
    return [
      (o[t + 1] as number) - (o[t] as number),
      this.#sectionDf.heading[t] as number,
      this.#sectionDf.title[t] as number,
    ];
  }

  /** For each term, the passages in the sections holding it. */
  #passageCounts(p: Postings): Uint32Array {
    const out = new Uint32Array(p.offsets.length - 1);
    for (let t = 0; t < out.length; t++) {
      let n = 0;
      for (let i = p.offsets[t] as number; i < (p.offsets[t + 1] as number); i++)
        n += this.#sectionSize[p.docs[i] as number] as number;
      out[t] = n;
    }
    return out;
  }

  /** Number of passages, and their average field length, BM25 is computed over. */
  #norms(): Norms {
    const global = this.#global;
    const n = global?.documentCount ?? this.#p.ids.length;
    const lengths = global?.fieldLengths ?? this.#localLengths;
    return { n, avg: lengths.map((l) => (n ? l / n : 0)), global };
  }

  /** BM25's inverse document frequency of term t in a field, archive-wide when known. */
  #idf(t: number, field: IndexField, { n, global }: Norms): number {
    const matching =
      global?.df.get(this.#p.terms[t] as string)?.[COLUMN[field]] || this.#localDf(t)[COLUMN[field]] || 0;
    return Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
  }

  #scoreText(
    t: number,
    weight: number,
    term: number,
    sets: TermSets,
    scratch: Scratch,
    touched: number[],
    norms: Norms,
  ): void {
    const { offsets, docs, freqs } = this.#p.text;
    const from = offsets[t] as number;
    const to = offsets[t + 1] as number;
    if (from === to) return;
    const w = weight * FIELD_BOOST.text * this.#idf(t, 'text', norms);
    const norm = (BM25.k * BM25.b) / (norms.avg[0] || 1);
    const base = BM25.k * (1 - BM25.b);
    const { score, set } = scratch;
    const lengths = this.#p.textLength;
    for (let i = from; i < to; i++) {
      const doc = docs[i] as number;
      const tf = freqs[i] as number;
      const raw = BM25.d + (tf * (BM25.k + 1)) / (tf + base + norm * (lengths[doc] as number));
      const had = set[doc] as number;
      if (had === 0) touched.push(doc);
      score[doc] = (score[doc] as number) + w * raw;
      set[doc] = sets.with(had, term);
    }
  }

  /** Each section's title and heading score and matched terms, for the passages the text matched. */
  #scoreSections(
    specs: QuerySpec[],
    matches: Array<Array<{ data: number; weight: number }>>,
    fields: readonly SectionField[],
    sets: TermSets,
    norms: Norms,
  ): { score: Float64Array; set: Int32Array } {
    const count = this.#sectionSize.length;
    const score = new Float64Array(count);
    const set = new Int32Array(count);
    const { avg } = norms;
    for (const [i, spec] of specs.entries()) {
      for (const x of matches[i] ?? []) {
        for (const field of fields) {
          const { offsets, docs, freqs } = this.#p[field];
          const t = x.data;
          if (offsets[t] === offsets[t + 1]) continue;
          const w = x.weight * spec.boost * FIELD_BOOST[field] * this.#idf(t, field, norms);
          const avgLength = avg[COLUMN[field]] || 1;
          const lengths = this.#p.sectionLength[field];
          for (let k = offsets[t] as number; k < (offsets[t + 1] as number); k++) {
            const s = docs[k] as number;
            const tf = freqs[k] as number;
            const length = lengths[s] as number;
            const raw =
              BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength));
            score[s] = (score[s] as number) + w * raw;
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
    derived: string[][],
    options: IndexSearchOptions,
  ): IndexResult {
    const { filter, accept } = options;
    const { ids, sectionOf } = this.#p;
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
    const expansions: string[][] = [];
    const derivedOf = (id: number) => {
      let out = expansions[id];
      if (!out) {
        out = [...new Set((sets.members[id] as number[]).flatMap((i) => derived[i] ?? []))];
        expansions[id] = out;
      }
      return out;
    };
    const finalScore = (doc: number) => {
      const s = sectionOf[doc] as number;
      const all = sets.union(scratch.set[doc] as number, section.set[s] as number);
      const quality = (sets.members[all] as number[]).length;
      return { all, score: ((scratch.score[doc] as number) + (section.score[s] as number)) * quality };
    };
    const verdicts = new Map<number, boolean>();
    const seenSets = new Set<number>();
    const best = new TopHits(options.limit ?? Number.POSITIVE_INFINITY, ids);
    let accepted = 0;
    for (const doc of touched) {
      const { all, score } = finalScore(doc);
      seenSets.add(all);
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
    const hits = best.sorted().map(({ doc, score, all }): IndexHit => {
      const hit: IndexHit = {
        id: ids[doc] as string,
        score,
        terms: derivedOf(all),
        queryTerms: namesOf(all),
        textTerms: namesOf(scratch.set[doc] as number),
      };
      // The passage before, when it is of the same article and matched too, in its text or only through
      // its section's title or heading (as it scored when every passage held its title): its text may
      // name the subject this one goes on about.
      const before = doc - 1;
      const matchedBefore = before >= 0 && (scratch.set[before] || section.set[sectionOf[before] as number]);
      if (matchedBefore && slugOfPassage(ids[before] as string) === slugOfPassage(hit.id))
        hit.previous = finalScore(before).score;
      return hit;
    });
    const found = new Set<string>();
    for (const all of seenSets) for (const i of sets.members[all] as number[]) found.add(terms[i] as string);
    return { hits, matched: touched.length, accepted, found };
  }
}
