import { normalizeWord, processTerm } from '../analysis.js';
import { wordnetSynonyms } from './wordnet.js';

/**
 * What an archive teaches about its words beyond stemming: WordNet synonyms of the words it holds, and
 * acronyms with their full names (learned from "Federal Bureau of Investigation (FBI)" in the text, plus
 * a small general list). Built with the index and saved with it; used to widen a question's words.
 */
export interface SavedLexicon {
  synonyms: Array<[string, string[]]>;
  acronyms: Array<[string, string[]]>;
}

/** Widely used acronyms a reader may type while the articles spell the name out (or the reverse). */
const GENERAL_ACRONYMS: Record<string, string> = {
  fbi: 'Federal Bureau of Investigation',
  cia: 'Central Intelligence Agency',
  un: 'United Nations',
  nato: 'North Atlantic Treaty Organization',
  ussr: 'Soviet Union',
  eu: 'European Union',
  nasa: 'National Aeronautics and Space Administration',
  irs: 'Internal Revenue Service',
  gop: 'Republican Party',
  ceo: 'chief executive',
  gdp: 'gross domestic product',
  ap: 'Associated Press',
};

/** "Federal Bureau of Investigation (FBI)": capitalised words (with short joining words), then the letters. */
const SPELLED_OUT =
  /((?:[A-Z][\p{L}'-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,7}[A-Z][\p{L}'-]*)\s+\(([A-Z][A-Z.&]{1,8})\)/gu;

/** Index terms of a name, one per meaningful word (stop words fall away as in any question). */
function nameTerms(name: string): string[] {
  return name
    .split(/\s+/)
    .map((w) => processTerm(w)?.[0])
    .filter((t): t is string => Boolean(t));
}

export class Lexicon {
  readonly #synonyms: Map<string, string[]>;
  readonly #acronyms: Map<string, string[]>;
  /** Full name as its terms joined by spaces → the acronym's term. */
  readonly #byName = new Map<string, string>();

  constructor(synonyms: Map<string, string[]>, acronyms: Map<string, string[]>) {
    this.#synonyms = synonyms;
    this.#acronyms = acronyms;
    for (const [acronym, terms] of acronyms) this.#byName.set(terms.join(' '), acronym);
  }

  /** WordNet synonyms (as index terms) of an index term. */
  synonyms(term: string): readonly string[] {
    return this.#synonyms.get(term) ?? [];
  }

  /** The terms of an acronym's full name ("fbi" → feder, bureau, investig). */
  expansion(term: string): readonly string[] {
    return this.#acronyms.get(term) ?? [];
  }

  /** Acronym terms whose full name stands in `terms` word by word (the question's terms in order). */
  acronymsIn(terms: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 2; j <= Math.min(terms.length, i + 7); j++) {
        const hit = this.#byName.get(terms.slice(i, j).join(' '));
        if (hit) out.push(hit);
      }
    }
    return out;
  }

  toJSON(): SavedLexicon {
    return { synonyms: [...this.#synonyms], acronyms: [...this.#acronyms] };
  }

  static load(saved: SavedLexicon): Lexicon {
    return new Lexicon(new Map(saved.synonyms), new Map(saved.acronyms));
  }
}

/** Collects what a Lexicon needs while passages are indexed. */
export class LexiconBuilder {
  /** Lower-cased surface words of the archive (WordNet is looked up by word, not by stem). */
  readonly #words = new Set<string>();
  readonly #acronyms = new Map<string, string[]>();

  addWord(word: string): void {
    this.#words.add(normalizeWord(word));
  }

  addText(text: string): void {
    if (!text.includes('(')) return;
    for (const m of text.matchAll(SPELLED_OUT)) {
      const letters = (m[2] as string).replace(/[.&]/g, '').toLowerCase();
      const words = (m[1] as string).split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
      // Keep the shortest tail of capitalised words whose initials spell the acronym.
      const tail = words.slice(-letters.length);
      if (tail.map((w) => w[0]?.toLowerCase()).join('') !== letters) continue;
      const at = (m[1] as string).lastIndexOf(tail[0] as string);
      const terms = nameTerms((m[1] as string).slice(at));
      if (terms.length >= 2 && !this.#acronyms.has(letters)) this.#acronyms.set(letters, terms);
    }
  }

  finish(): Lexicon {
    const stemOf = (w: string) => processTerm(w)?.[0];
    const synonyms = new Map<string, string[]>();
    for (const [word, list] of wordnetSynonyms(this.#words)) {
      const stem = stemOf(word);
      if (!stem) continue;
      const terms = list.map(stemOf).filter((t): t is string => Boolean(t) && t !== stem);
      const merged = [...new Set([...(synonyms.get(stem) ?? []), ...terms])];
      if (merged.length) synonyms.set(stem, merged);
    }
    const acronyms = new Map<string, string[]>();
    for (const [a, name] of Object.entries(GENERAL_ACRONYMS)) acronyms.set(a, nameTerms(name));
    for (const [a, terms] of this.#acronyms) acronyms.set(a, terms);
    return new Lexicon(synonyms, acronyms);
  }
}
