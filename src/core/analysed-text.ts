import { processTerm, tokenize } from './analysis.js';
import { sentenceEnds } from './sentence-breaks.js';

/**
 * A passage's words (offsets and index terms) and Intl.Segmenter's sentence breaks, worked out once:
 * re-ranking (coverage, proximity) and quoting (highlights, best sentence) all read the same passage.
 */
export interface AnalysedText {
  /** Offset of each word. */
  starts: readonly number[];
  ends: readonly number[];
  /** Index terms of each word ({@link processTerm}; null for a stop word). */
  terms: ReadonlyArray<readonly string[] | null>;
  /** End offset of each sentence segment (as Intl.Segmenter finds them), ascending: they cover the text. */
  segmentEnds: readonly number[];
}

/**
 * The last texts analysed, shared (callers only read them): one question reads each of its ~20
 * re-ranked passages up to four times (coverage, proximity, then highlights and best sentence for the
 * page), so a few questions' worth is enough. Small on purpose: it shares work within a question, it
 * does not keep an archive's analysis.
 */
const recent = new Map<string, AnalysedText>();
const RECENT_MAX = 64;
/** Longer texts (far beyond a passage) are analysed each time, so the cache stays a few MB at most. */
const CACHED_MAX_CHARS = 20_000;

export function analysedText(text: string): AnalysedText {
  const cached = recent.get(text);
  if (cached) return cached;
  const a = analyse(text);
  if (text.length > CACHED_MAX_CHARS) return a;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, a);
  return a;
}

/**
 * A few terms (a question's), tested against every word of a passage: a bit per first letter and one
 * per length turn away most other words before the set is asked.
 */
export class TermSet {
  readonly #set: ReadonlySet<string>;
  readonly #firsts: number;
  readonly #lengths: number;

  constructor(terms: Iterable<string>) {
    const set = new Set<string>();
    let firsts = 0;
    let lengths = 0;
    for (const t of terms) {
      set.add(t);
      firsts |= 1 << (t.charCodeAt(0) & 31);
      lengths |= 1 << (t.length & 31);
    }
    this.#set = set;
    this.#firsts = firsts;
    this.#lengths = lengths;
  }

  /** Whether any of a word's terms is in the set. */
  hasAny(terms: readonly string[]): boolean {
    for (const t of terms) {
      if (
        (this.#firsts >>> (t.charCodeAt(0) & 31)) & 1 &&
        (this.#lengths >>> (t.length & 31)) & 1 &&
        this.#set.has(t)
      )
        return true;
    }
    return false;
  }
}

function analyse(text: string): AnalysedText {
  const words = tokenize(text);
  const starts: number[] = new Array(words.length);
  const ends: number[] = new Array(words.length);
  const terms: Array<readonly string[] | null> = new Array(words.length);
  // tokenize's words come in order, each at the first place it occurs after the previous one: every
  // word starts with a letter or digit, and the tokenizer matches at the first letter or digit it meets.
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const start = text.indexOf(w, at);
    at = start + w.length;
    starts[i] = start;
    ends[i] = at;
    terms[i] = processTerm(w);
  }
  return { starts, ends, terms, segmentEnds: sentenceEnds(text) };
}
