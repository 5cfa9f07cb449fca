/**
 * Sets of query-term indices, interned: every passage that matched the same query terms shares one set
 * id, so a search over thousands of passages keeps one small number per passage instead of an array,
 * and later steps (coverage, highlighting) decide once per set, not once per passage.
 */
export class TermSets {
  /** Set id → its term indices, ascending. Id 0 is the empty set. */
  readonly members: number[][] = [[]];
  readonly #grow = new Map<number, number>();
  readonly #byKey = new Map<string, number>([['', 0]]);
  readonly #unions = new Map<number, number>();
  readonly #terms: number;

  /** `terms`: how many query terms there are (indices run 0 … terms − 1). */
  constructor(terms: number) {
    this.#terms = Math.max(1, terms);
  }

  /** The set `set` with `term` added. */
  with(set: number, term: number): number {
    const key = set * this.#terms + term;
    let id = this.#grow.get(key);
    if (id === undefined) {
      const base = this.members[set] as number[];
      id = base.includes(term) ? set : this.#intern(sortedInsert(base, term));
      this.#grow.set(key, id);
    }
    return id;
  }

  /** The union of two sets. */
  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const key = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let id = this.#unions.get(key);
    if (id === undefined) {
      const all = [...new Set([...(this.members[a] as number[]), ...(this.members[b] as number[])])];
      id = this.#intern(all.sort((x, y) => x - y));
      this.#unions.set(key, id);
    }
    return id;
  }

  #intern(members: number[]): number {
    const key = members.join(',');
    let id = this.#byKey.get(key);
    if (id === undefined) {
      id = this.members.length;
      this.members.push(members);
      this.#byKey.set(key, id);
    }
    return id;
  }
}

function sortedInsert(base: readonly number[], n: number): number[] {
  const out = [...base];
  let i = out.length;
  while (i > 0 && (out[i - 1] as number) > n) i--;
  out.splice(i, 0, n);
  return out;
}
