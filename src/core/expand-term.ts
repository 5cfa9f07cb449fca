/**
 * A query term's matches in a term dictionary, exactly as MiniSearch 7.2's `executeQuerySpec` finds
 * and weights them (the term itself; longer terms it prefixes; terms within an edit distance), so the
 * lean index scores as MiniSearch does.
 */

/** What MiniSearch's SearchableMap (its radix tree) offers for lookups. */
export interface TermDictionary<T> {
  get(term: string): T | undefined;
  atPrefix(prefix: string): Iterable<[string, T]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [T, number]>;
}

export interface QuerySpec {
  term: string;
  /** Edit distance as a share of the term's length (below 1), or in characters. */
  fuzzy: boolean | number;
  prefix: boolean;
  /** The term's weight in the question (synonyms and context words count less). */
  boost: number;
}

export interface Expansion<T> {
  term: string;
  data: T;
  /** 1 for the term itself; less for prefix and typo matches, falling with the distance. */
  weight: number;
}

export function* expand<T>(
  dictionary: TermDictionary<T>,
  spec: QuerySpec,
  weights: { fuzzy: number; prefix: number },
  maxFuzzy: number,
): Generator<Expansion<T>> {
  const exact = dictionary.get(spec.term);
  if (exact !== undefined) yield { term: spec.term, data: exact, weight: 1 };
  let typos: Map<string, [T, number]> | undefined;
  if (spec.fuzzy) {
    const share = spec.fuzzy === true ? 0.2 : spec.fuzzy;
    const distance = share < 1 ? Math.min(maxFuzzy, Math.round(spec.term.length * share)) : share;
    if (distance) typos = dictionary.fuzzyGet(spec.term, distance);
  }
  if (spec.prefix) {
    for (const [term, data] of dictionary.atPrefix(spec.term)) {
      const distance = term.length - spec.term.length;
      if (!distance) continue;
      // A term both prefixed and within typo distance scores as a prefix match.
      typos?.delete(term);
      yield { term, data, weight: (weights.prefix * term.length) / (term.length + 0.3 * distance) };
    }
  }
  if (typos) {
    for (const [term, [data, distance]] of typos) {
      if (!distance) continue;
      yield { term, data, weight: (weights.fuzzy * term.length) / (term.length + distance) };
    }
  }
}
