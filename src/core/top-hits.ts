/**
 * The best `limit` of the hits offered, by score and then id (equal scores must list the same passages
 * however the archive is split into shards): a bounded heap, so a broad question's thousands of hits
 * cost a comparison each, not a sort and an object each.
 */
export class TopHits {
  readonly #limit: number;
  readonly #ids: readonly string[];
  readonly #heap: Array<{ doc: number; score: number; all: number }> = [];

  constructor(limit: number, ids: readonly string[]) {
    // A whole number of hits; none for 0, a negative or NaN limit (the heap's root is then never read).
    this.#limit = limit > 0 ? Math.floor(limit) : 0;
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
    if (this.#limit === 0) return;
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
