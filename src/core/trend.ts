import { analyseQuestion } from './analysis.js';
import type { Archive } from './archive.js';

/** One bar of a trend: a year (`2019`) or a month (`2019-03`). */
export interface TrendBucket {
  label: string;
  passages: number;
  articles: number;
}

/** How often a topic appears across the archive over time: structured, for every renderer. */
export interface Trend {
  topic: string;
  /** The analysed terms searched (same analysis as ask). */
  terms: string[];
  unit: 'year' | 'month';
  buckets: TrendBucket[];
  totalPassages: number;
  totalArticles: number;
  /** Why there are no buckets. */
  reason?: 'empty-topic' | 'no-meaningful-words' | 'bad-range' | 'empty-archive';
}

export interface TrendRange {
  /** First year counted; default the archive's oldest. */
  from?: number;
  /** Last year counted; default the archive's newest. */
  to?: number;
  /** The whole archive's oldest and newest dates when this archive is one shard of it (bars must line up). */
  span?: { oldest: string; newest: string };
}

/** Ranges of at most this many months are counted per month: a year or two as yearly bars says little. */
export const MONTHLY_UP_TO = 24;
/** Most yearly bars: beyond that a chart is unreadable and the range is probably a typo. */
export const MAX_YEARS = 200;
/** Share of the topic's words a passage must hold to count, as ask's default minCoverage. */
const MIN_COVERAGE = 0.5;

/**
 * Counts the passages (and distinct articles) that match `topic` per year, or per month for short
 * ranges, by their article's date. Matching is ask's analysis and word coverage, but exact and without
 * synonyms (a count should be of the words asked, not of related ones).
 */
export function computeTrend(archive: Archive, topic: string, range: TrendRange = {}): Trend {
  const t = topic.trim();
  const base = {
    topic: t,
    terms: [] as string[],
    unit: 'year' as const,
    buckets: [],
    totalPassages: 0,
    totalArticles: 0,
  };
  if (!t) return { ...base, reason: 'empty-topic' };
  const words = analyseQuestion(t);
  if (words.length === 0) return { ...base, reason: 'no-meaningful-words' };
  const dates = range.span ? [] : [...archive.articles.values()].map((a) => a.date).sort();
  const oldest = range.span?.oldest ?? dates[0];
  const newest = range.span?.newest ?? dates[dates.length - 1];
  if (!oldest || !newest) return { ...base, reason: 'empty-archive' };
  const firstYear = Number(oldest.slice(0, 4));
  const lastYear = Number(newest.slice(0, 4));
  // Years not given: the archive's own span, at most MAX_YEARS of it (the newest, or those from the
  // year given): an archive older than that is charted, not refused for a range nobody typed.
  const to =
    range.to ?? (range.from !== undefined ? Math.min(lastYear, range.from + MAX_YEARS - 1) : lastYear);
  const from = range.from ?? Math.max(firstYear, to - MAX_YEARS + 1);
  if (!(from <= to) || to - from + 1 > MAX_YEARS) return { ...base, reason: 'bad-range' };

  // Months when the years asked (or, by default, the archive's own span) are short.
  const spanStart = from !== firstYear || range.from !== undefined ? `${from}-01` : oldest.slice(0, 7);
  const spanEnd = to !== lastYear || range.to !== undefined ? `${to}-12` : newest.slice(0, 7);
  const unit = monthsBetween(spanStart, spanEnd) <= MONTHLY_UP_TO ? 'month' : 'year';
  const labels = unit === 'month' ? monthLabels(spanStart, spanEnd) : yearLabels(from, to);
  const keyOf = (date: string) => (unit === 'month' ? date.slice(0, 7) : date.slice(0, 4));

  const terms = [...new Set(words.flatMap((w) => w.terms))];
  const needed = Math.max(1, Math.ceil(words.length * MIN_COVERAGE));
  // Exact terms in the passage's own text and heading: a count must not grow with titles, prefixes or typos.
  const hits = archive.index.search(terms, {
    fields: ['text', 'heading'],
    prefix: false,
    fuzzy: false,
  });
  const passages = new Map<string, number>();
  const articles = new Map<string, Set<string>>();
  for (const hit of hits) {
    const matched = new Set(hit.queryTerms);
    if (words.filter((w) => w.terms.some((x) => matched.has(x))).length < needed) continue;
    const slug = archive.passages.get(hit.id)?.slug;
    const date = slug ? archive.articles.get(slug)?.date : undefined;
    if (!slug || !date) continue;
    const key = keyOf(date);
    passages.set(key, (passages.get(key) ?? 0) + 1);
    const set = articles.get(key) ?? new Set<string>();
    set.add(slug);
    articles.set(key, set);
  }
  const buckets = labels.map((label) => ({
    label,
    passages: passages.get(label) ?? 0,
    articles: articles.get(label)?.size ?? 0,
  }));
  return {
    ...base,
    terms,
    unit,
    buckets,
    totalPassages: buckets.reduce((n, b) => n + b.passages, 0),
    totalArticles: buckets.reduce((n, b) => n + b.articles, 0),
  };
}

function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number) as [number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  return (by - ay) * 12 + (bm - am) + 1;
}

function monthLabels(a: string, b: string): string[] {
  const [y, m] = a.split('-').map(Number) as [number, number];
  return Array.from({ length: monthsBetween(a, b) }, (_, i) => {
    const month = m - 1 + i;
    return `${y + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  });
}

function yearLabels(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}
