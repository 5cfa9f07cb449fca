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

/** Acronyms the archive spells out itself, lower-case acronym → name (the first spelling found wins). */
export function learnAcronyms(texts: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (acronym: string, name: string | undefined) => {
    const key = acronym.toLowerCase();
    if (name && !out.has(key)) out.set(key, name);
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

/** Per archive (dropped with it on a swap): learned once, at the first question that needs it. */
const learned = new WeakMap<ReadonlyMap<string, Passage>, Map<string, string>>();

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
