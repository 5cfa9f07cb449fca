import type { AcronymLookup } from './analysis.js';
import type { Passage } from './types.js';

/** Small words a name may hold without an initial: "Bureau *of* Investigation", "Food *and* Drug". */
const SKIP = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', '&']);
// "Federal Bureau of Investigation (FBI)": the words before a parenthesised capital acronym.
const NAME_THEN_ACRONYM = /((?:[\p{L}&.'-]+\s+){1,10}?)\(([A-Z]{2,8})\)/gu;
// "FBI (Federal Bureau of Investigation)".
const ACRONYM_THEN_NAME = /\b([A-Z]{2,8})\s+\(([A-Z][^()]{3,100})\)/g;

/** The capitalised words of `name` whose initials spell `acronym`, or undefined. */
function matchName(words: string[], acronym: string): string | undefined {
  const picked: string[] = [];
  let letters = '';
  // From the end: the name is the run of words just before the parenthesis.
  for (let i = words.length - 1; i >= 0 && letters.length < acronym.length; i--) {
    const w = words[i] as string;
    picked.unshift(w);
    if (SKIP.has(w.toLowerCase())) continue;
    if (!/^\p{Lu}/u.test(w)) return undefined;
    letters = (w[0] as string) + letters;
  }
  return letters === acronym ? picked.join(' ') : undefined;
}

/** How often the archive spells out each acronym each way: lower-case acronym → name → times. */
export type AcronymCounts = Map<string, Map<string, number>>;

/** The spellings-out of acronyms found in `texts`, counted (summable across shards). */
export function countAcronyms(texts: Iterable<string>): AcronymCounts {
  const out: AcronymCounts = new Map();
  const add = (acronym: string, name: string | undefined) => {
    if (!name) return;
    const key = acronym.toLowerCase();
    const names = out.get(key) ?? new Map<string, number>();
    names.set(name, (names.get(name) ?? 0) + 1);
    out.set(key, names);
  };
  for (const text of texts) {
    if (!text.includes('(')) continue;
    for (const m of text.matchAll(NAME_THEN_ACRONYM)) {
      add(m[2] as string, matchName((m[1] as string).trim().split(/\s+/), m[2] as string));
    }
    for (const m of text.matchAll(ACRONYM_THEN_NAME)) {
      const words = (m[2] as string).trim().split(/\s+/);
      add(m[1] as string, matchName(words, m[1] as string) === words.join(' ') ? words.join(' ') : undefined);
    }
  }
  return out;
}

/** Several shards' counts as one archive's. */
export function sumAcronyms(parts: ReadonlyArray<AcronymCounts | undefined>): AcronymCounts {
  const out: AcronymCounts = new Map();
  for (const part of parts) {
    for (const [acronym, names] of part ?? []) {
      const sum = out.get(acronym) ?? new Map<string, number>();
      for (const [name, n] of names) sum.set(name, (sum.get(name) ?? 0) + n);
      out.set(acronym, sum);
    }
  }
  return out;
}

/**
 * Each acronym's most frequent name, ties in alphabetical order: an order-free choice, so an archive
 * split across shards reads an acronym as the whole archive does.
 */
export function pickAcronyms(counts: AcronymCounts): Map<string, string> {
  const out = new Map<string, string>();
  for (const [acronym, names] of counts) {
    let best: [string, number] | undefined;
    for (const [name, n] of names) {
      if (!best || n > best[1] || (n === best[1] && name < best[0])) best = [name, n];
    }
    if (best) out.set(acronym, best[0]);
  }
  return out;
}

/** Acronyms the archive spells out itself, lower-case acronym → name (the most frequent spelling). */
export function learnAcronyms(texts: Iterable<string>): Map<string, string> {
  return pickAcronyms(countAcronyms(texts));
}

/** Per archive (dropped with it on a swap): learned once, or given archive-wide by a sharded search. */
const learned = new WeakMap<ReadonlyMap<string, Passage>, Map<string, string>>();

/**
 * The acronyms of the whole archive for a shard holding `passages`: used instead of the shard's own,
 * so an acronym spelled out in one shard only is read the same in every shard.
 */
export function useArchiveAcronyms(passages: ReadonlyMap<string, Passage>, counts: AcronymCounts): void {
  learned.set(passages, pickAcronyms(counts));
}

/** The archive's own acronyms as a lookup for analyseQuestion. */
export function archiveAcronyms(passages: ReadonlyMap<string, Passage>): AcronymLookup {
  return (acronym) => {
    let map = learned.get(passages);
    if (!map) {
      map = learnAcronyms([...passages.values()].map((p) => p.text));
      learned.set(passages, map);
    }
    return map.get(acronym);
  };
}
