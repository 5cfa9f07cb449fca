/**
 * Postings frozen into typed arrays: for each term number, the documents holding it (ascending) and how
 * often. MiniSearch keeps a Map of Maps per term — about 50 bytes a posting and an object per term —
 * which a read-only index does not need: here a posting is 5 bytes, and saving or loading it is a copy.
 */
export interface Postings {
  /** Term t's postings are at [offsets[t], offsets[t + 1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Times the term occurs in the field, capped at 255 (BM25 saturates long before). */
  freqs: Uint8Array;
}

/** MiniSearch 7's per-term data: field id → (document short id → term frequency). */
export type MiniSearchTermData = Map<number, Map<number, number>>;

/**
 * One field's postings out of MiniSearch's term map, numbered by `termNumber` (`terms` of them).
 * Documents keep MiniSearch's short ids, which count up from 0 in the order they were added.
 */
export function freezeField(
  index: Iterable<[string, MiniSearchTermData]>,
  fieldId: number,
  termNumber: ReadonlyMap<string, number>,
  terms: number,
): Postings {
  const counts = new Uint32Array(terms);
  let total = 0;
  for (const [term, data] of index) {
    const n = data.get(fieldId)?.size ?? 0;
    counts[termNumber.get(term) as number] = n;
    total += n;
  }
  const offsets = new Uint32Array(terms + 1);
  for (let t = 0; t < terms; t++) offsets[t + 1] = (offsets[t] as number) + (counts[t] as number);
  const docs = new Uint32Array(total);
  const freqs = new Uint8Array(total);
  for (const [term, data] of index) {
    const postings = data.get(fieldId);
    if (!postings) continue;
    let at = offsets[termNumber.get(term) as number] as number;
    // Short ids ascend in a term's Map (documents are only added), so the slice is sorted.
    for (const [doc, freq] of postings) {
      docs[at] = doc;
      freqs[at] = Math.min(255, freq);
      at++;
    }
  }
  return { offsets, docs, freqs };
}

/** Postings as base64 text for the saved index (the cache file is text). */
export function encodePostings(p: Postings): [string, string, string] {
  return [toBase64(p.offsets), toBase64(p.docs), toBase64(p.freqs)];
}

export function decodePostings([offsets, docs, freqs]: readonly string[]): Postings {
  return {
    offsets: new Uint32Array(fromBase64(offsets ?? '')),
    docs: new Uint32Array(fromBase64(docs ?? '')),
    freqs: new Uint8Array(fromBase64(freqs ?? '')),
  };
}

export function toBase64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** A fresh, aligned buffer (a Buffer may sit at any offset of a shared pool). */
export function fromBase64(text: string): ArrayBuffer {
  const b = Buffer.from(text, 'base64');
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
}
