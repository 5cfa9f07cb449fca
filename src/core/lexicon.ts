import data from './lexicon-data/lexicon.json' with { type: 'json' };

/**
 * The compact lexicon generated from WordNet 3.1 and compromise 14 by scripts/build-lexicon.ts (see
 * there for what is kept): strong synonyms, acronyms, irregular inflections and word classes. 0.2 MB of
 * JSON, so the 30 MB WordNet is never read at run time.
 */
interface LexiconData {
  synonyms: Record<string, string[]>;
  acronyms: Record<string, string>;
  irregular: Record<string, string>;
  classes: Record<'firstName' | 'honorific' | 'place' | 'month' | 'weekday' | 'number' | 'unit', string[]>;
}

const lexicon = data as LexiconData;
const NONE: readonly string[] = Object.freeze([]);

/** The lemma of an irregular form ("fell" → "fall", "children" → "child"); undefined for others. */
export function irregularLemma(word: string): string | undefined {
  return Object.hasOwn(lexicon.irregular, word) ? lexicon.irregular[word] : undefined;
}

/** Strong synonyms of a lower-case lemma: other words of its first WordNet sense. */
export function synonymsOf(lemma: string): readonly string[] {
  return Object.hasOwn(lexicon.synonyms, lemma) ? (lexicon.synonyms[lemma] as string[]) : NONE;
}

/** WordNet's acronyms, lower-case acronym → spelled-out name ("fbi" → "Federal Bureau of Investigation"). */
export function generalAcronyms(): Readonly<Record<string, string>> {
  return lexicon.acronyms;
}

export type WordClass = keyof LexiconData['classes'];

const classSets = new Map<WordClass, ReadonlySet<string>>();

/** Lower-case words of a class (first names, places, month names…), from compromise's lexicon. */
export function wordClass(name: WordClass): ReadonlySet<string> {
  let set = classSets.get(name);
  if (!set) {
    set = new Set(lexicon.classes[name]);
    classSets.set(name, set);
  }
  return set;
}
