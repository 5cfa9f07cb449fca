import type { Passage } from './types.js';

/**
 * Near-duplicate passages: the same wire story printed by several papers. Each passage gets a bottom-k
 * sketch of its word 5-gram hashes (MinHash with one hash function); two passages whose sketches agree
 * on most of their smallest hashes hold nearly the same text, whatever their titles say.
 */
const SHINGLE_WORDS = 5;
const SKETCH_SIZE = 16;
/** Estimated share of shared 5-grams above which two passages are one story. */
export const SAME_STORY = 0.5;
/** Shorter texts are compared whole (normalised): too few 5-grams to estimate from. */
const MIN_WORDS = SHINGLE_WORDS + 3;

type Sketch = readonly number[];

/** FNV-1a, 32 bits: fast, and collisions only cost an occasional wrong estimate. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The k smallest distinct 5-gram hashes of the text's lower-cased words, ascending. */
export function sketchOf(text: string): Sketch {
  const words = text.toLowerCase().match(WORD) ?? [];
  if (words.length < MIN_WORDS) return [hash(words.join(' '))];
  const w = words.map(hash);
  // Smallest first, at most SKETCH_SIZE of them: insertion into a short sorted array.
  const best: number[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= w.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE_WORDS; j++) h = Math.imul(h ^ (w[j] as number), 0x01000193);
    h >>>= 0;
    if (best.length === SKETCH_SIZE && h >= (best[SKETCH_SIZE - 1] as number)) continue;
    let k = best.length;
    while (k > 0 && (best[k - 1] as number) > h) k--;
    if (best[k - 1] === h) continue;
    best.splice(k, 0, h);
    if (best.length > SKETCH_SIZE) best.pop();
  }
  return best;
}

/** Estimated Jaccard similarity of the two texts' 5-gram sets, from their sketches. */
export function similarity(a: Sketch, b: Sketch): number {
  if (a.length < SKETCH_SIZE || b.length < SKETCH_SIZE) {
    return a.length === b.length && a.every((x, i) => x === b[i]) ? 1 : 0;
  }
  // The k smallest of the union, and how many of them both sketches hold.
  let i = 0;
  let j = 0;
  let both = 0;
  for (let n = 0; n < SKETCH_SIZE; n++) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return both / SKETCH_SIZE;
}

/** Per archive (dropped with it on a swap): sketches worked out once per passage, when first needed. */
const sketches = new WeakMap<ReadonlyMap<string, Passage>, Map<string, Sketch>>();

function sketchesOf(passages: ReadonlyMap<string, Passage>): Map<string, Sketch> {
  let cache = sketches.get(passages);
  if (!cache) {
    cache = new Map();
    sketches.set(passages, cache);
  }
  return cache;
}

function sketchFor(cache: Map<string, Sketch>, passage: Passage | undefined, id: string): Sketch {
  let s = cache.get(id);
  if (!s) {
    s = sketchOf(passage?.text ?? '');
    cache.set(id, s);
  }
  return s;
}

/** How many of a sketch's smallest hashes are its buckets. */
const BUCKET_KEYS = 4;

/**
 * Collapses ranked hits that repeat an earlier hit's text from another article: each kept hit lists the
 * ids it stands for in `alsoIn`, best first. Candidates are found through their sketches' smallest
 * hashes (buckets), so the work grows with the number of hits, not its square.
 */
export function collapseNearDuplicates<H extends { id: string }>(
  hits: readonly H[],
  passages: ReadonlyMap<string, Passage>,
): Array<{ hit: H; alsoIn: string[] }> {
  const out: Array<{ hit: H; alsoIn: string[]; sketch: Sketch; slug: string }> = [];
  const buckets = new Map<number, number[]>();
  const cache = sketchesOf(passages);
  for (const hit of hits) {
    const passage = passages.get(hit.id);
    const sketch = sketchFor(cache, passage, hit.id);
    const slug = passage?.slug ?? hit.id;
    let into: (typeof out)[number] | undefined;
    const keys = Math.min(BUCKET_KEYS, sketch.length);
    for (let b = 0; b < keys; b++) {
      const bucket = buckets.get(sketch[b] as number);
      if (!bucket) continue;
      for (const k of bucket) {
        const kept = out[k] as (typeof out)[number];
        if (kept.slug !== slug && similarity(kept.sketch, sketch) >= SAME_STORY) {
          into = kept;
          break;
        }
      }
      if (into) break;
    }
    if (into) {
      into.alsoIn.push(hit.id);
      continue;
    }
    const n = out.push({ hit, alsoIn: [], sketch, slug }) - 1;
    for (let b = 0; b < keys; b++) {
      const key = sketch[b] as number;
      const list = buckets.get(key);
      if (list) list.push(n);
      else buckets.set(key, [n]);
    }
  }
  return out.map(({ hit, alsoIn }) => ({ hit, alsoIn }));
}

/** Up to this many hits are collapsed whole, so their count is exact; beyond, only as far as a page needs. */
export const COLLAPSE_ALL_BELOW = 300;

/**
 * {@link collapseNearDuplicates} over as much of a ranked list as the page `[0, upTo)` needs: every hit
 * when there are few, else until `upTo` distinct hits are found (with RERANK_DEPTH's worth at least), so
 * a broad question does not sketch thousands of passages. `duplicates` is how many hits were folded
 * into others, for the count shown.
 */
export function collapseRanked<H extends { id: string }>(
  hits: readonly H[],
  passages: ReadonlyMap<string, Passage>,
  upTo: number,
): { kept: Array<{ hit: H; alsoIn: string[] }>; duplicates: number } {
  if (hits.length <= COLLAPSE_ALL_BELOW) {
    const kept = collapseNearDuplicates(hits, passages);
    return { kept, duplicates: hits.length - kept.length };
  }
  let n = Math.max(upTo * 2, 40);
  for (;;) {
    const head = hits.slice(0, n);
    const kept = collapseNearDuplicates(head, passages);
    if (kept.length >= upTo + 1 || n >= hits.length) {
      // Hits past the head are kept as they are: only duplicates found so far are taken off the count.
      const rest = hits.slice(n).map((hit) => ({ hit, alsoIn: [] as string[] }));
      return { kept: [...kept, ...rest], duplicates: head.length - kept.length };
    }
    n *= 2;
  }
}
