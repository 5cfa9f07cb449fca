import type { AskFilters } from './filters.js';
/** A calendar date without time or zone: what articles and "on this day" speak in. */
export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Front matter of an article, validated. */
export interface ArticleMeta {
  slug: string;
  title: string;
  /** `YYYY-MM-DD` */
  date: string;
  /** Publisher, as the front matter names it ("Unknown publisher" when the text does not say). */
  source: string;
  url?: string;
  author?: string;
  tags: string[];
}

export interface Article extends ArticleMeta {
  /** Path of the file it was loaded from, relative to the data folder's parent where possible. */
  path: string;
  /** The Markdown body after the front matter. */
  body: string;
  /** 1-based line in the file where the body starts (for error messages and links). */
  bodyLine: number;
}

/** A passage: a self-standing span of one article, the unit that is indexed and quoted. */
export interface Passage {
  /** `<slug>#<n>`, n 1-based. */
  id: string;
  slug: string;
  /** The heading the passage sits under (joined FAQ question or section heading), if any. */
  heading?: string;
  text: string;
  /** 1-based position among the article's passages. */
  index: number;
  count: number;
  /** Character offsets of `text` in the article body: body.slice(start, end) contains the text. */
  start: number;
  end: number;
}

/**
 * A passage object in one of two fixed shapes (with or without a heading), its fields in-object: built
 * by spreading, passages get hidden classes and property arrays of their own, hundreds of bytes each.
 */
export function passage(
  id: string,
  slug: string,
  heading: string | undefined,
  text: string,
  index: number,
  count: number,
  start: number,
  end: number,
): Passage {
  return heading === undefined
    ? { id, slug, text, index, count, start, end }
    : { id, slug, heading, text, index, count, start, end };
}

/** A half-open range [start, end) of characters in a passage's `text`. */
export interface Range {
  start: number;
  end: number;
}

export interface Source {
  slug: string;
  title: string;
  date: string;
  publisher: string;
  url?: string;
  author?: string;
  path: string;
  heading?: string;
  /** "paragraph n of m" */
  position: { index: number; count: number };
  offsets: Range;
}

export interface PassageHit {
  id: string;
  score: number;
  text: string;
  /** Where the matched terms are in `text`, sorted, non-overlapping. */
  highlights: Range[];
  /** The sentence of `text` that matches best, with its range in `text`. */
  bestSentence: { text: string } & Range;
  source: Source;
  /** The same text in other articles (a wire story several papers printed), folded into this hit. */
  alsoIn?: Source[];
}

/** Why an answer holds no passages. */
export type NoAnswerReason =
  | 'empty-question'
  | 'too-long'
  | 'no-meaningful-words'
  | 'no-match'
  /** Passages match, but none within the asked dates or publisher. */
  | 'no-match-in-filters';

export interface Answer {
  question: string;
  /** The analysed query terms (after stop words and stemming). */
  terms: string[];
  passages: PassageHit[];
  /** Number of passages that match, for paging. */
  total: number;
  offset: number;
  limit: number;
  /** "Did you mean" queries, best first; filled when nothing matched. */
  suggestions: string[];
  reason?: NoAnswerReason;
  /** The filters the question was asked with, if any. */
  filters?: AskFilters;
  /** True when typo tolerance was needed to find anything. */
  fuzzy: boolean;
  tookMs: number;
}

export interface OnThisDayItem {
  slug: string;
  title: string;
  /** The date the item is about: the publication date, or the date of an event the article mentions. */
  date: string;
  yearsAgo: number;
  kind: 'published' | 'mentioned';
  /** For `mentioned`, the passage that mentions the date; for `published`, the article's first passage. */
  passage: PassageHit;
}

export interface OnThisDay {
  /** The day asked about, `YYYY-MM-DD`. */
  date: string;
  items: OnThisDayItem[];
  /** Set when no exact anniversary matched and the nearest one within the allowed window is shown instead. */
  nearest?: { date: string; daysAway: number };
}

export interface ArticleView {
  meta: ArticleMeta & { path: string };
  passages: Passage[];
  words: number;
}

export interface CorpusStats {
  articles: number;
  passages: number;
  words: number;
  oldest?: string;
  newest?: string;
  index: BuildInfo;
  problems: number;
}

/** How an archive's index came to be: loaded from the saved index, or built (and why not loaded). */
export interface BuildInfo {
  source: 'built' | 'cache';
  ms: number;
  fingerprint: string;
  /** Built although a saved index was configured: none yet, saved for other articles, or unreadable. */
  rebuilt?: 'missing' | 'stale' | 'damaged';
}
