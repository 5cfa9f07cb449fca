import type { Archive } from './archive.js';
import { parseCalendarDate } from './dates.js';
import { ArchivistError } from './errors.js';
import type { ArticleMeta } from './types.js';

/** Which articles a question is asked of: published within [from, to] (inclusive), by a publisher. */
export interface AskFilters {
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive. */
  to?: string;
  /** Publisher, matched case-insensitively as a whole name or a word-prefix of it ("reuters" ⊂ "Reuters UK"). */
  source?: string;
  /** Only these articles (slugs): how an alert searches just the articles that are new for it. */
  articles?: readonly string[];
}

/**
 * Inline filters typed into a question, where there are no separate options (mentions, DMs, the
 * terminal): `after:2025-01-01`, `before:2025-12-31`, `source:"Korea Herald"` or `source:Reuters`.
 * `after`/`before` are inclusive like `from`/`to`. Returns the question without them.
 */
export function takeInlineFilters(text: string): { question: string; filters: AskFilters } {
  const filters: AskFilters = {};
  const question = text
    .replace(
      // An unclosed quote (`source:"Korea Herald`) takes the rest of the text, up to the next filter,
      // rather than keeping the stray quote in the value.
      /(?:^|\s)(after|before|from|to|source):(?:"([^"]*)"|“([^”]*)”|["“]((?:(?!\s+(?:after|before|from|to|source):)[^"“”])*)|(\S+))/gi,
      (_m, key: string, q1, q2, open, bare) => {
        const value = String(q1 ?? q2 ?? open ?? bare ?? '').trim();
        const k = key.toLowerCase();
        if (k === 'after' || k === 'from') filters.from = value;
        else if (k === 'before' || k === 'to') filters.to = value;
        else filters.source = value;
        return ' ';
      },
    )
    .replace(/\s+/g, ' ')
    .trim();
  return { question, filters };
}

/** Validates and normalises filters; ArchivistError('INPUT_INVALID') names a bad date or an empty range. */
export function checkFilters(filters: AskFilters): AskFilters {
  const out: AskFilters = {};
  for (const key of ['from', 'to'] as const) {
    const raw = filters[key]?.trim();
    if (!raw) continue;
    try {
      parseCalendarDate(raw);
    } catch {
      throw new ArchivistError(
        'INPUT_INVALID',
        `"${raw}" is not a date. Write it as YYYY-MM-DD, e.g. 2025-11-01.`,
      );
    }
    out[key] = raw;
  }
  if (out.from && out.to && out.from > out.to) {
    throw new ArchivistError(
      'INPUT_INVALID',
      `The range ${out.from} to ${out.to} is empty: the start is after the end.`,
    );
  }
  const source = filters.source?.trim();
  if (source) out.source = source;
  return out;
}

export function hasFilters(f: AskFilters | undefined): f is AskFilters {
  return Boolean(f && (f.from || f.to || f.source || f.articles));
}

/** Whether an article passes the filters. */
export function articlePasses(
  meta: Pick<ArticleMeta, 'date' | 'source'> & { slug?: string },
  f: AskFilters,
): boolean {
  if (f.articles && !(meta.slug !== undefined && f.articles.includes(meta.slug))) return false;
  if (f.from && meta.date < f.from) return false;
  if (f.to && meta.date > f.to) return false;
  if (f.source && !sourceMatches(meta.source, f.source)) return false;
  return true;
}

function sourceMatches(publisher: string, wanted: string): boolean {
  const p = publisher.toLowerCase();
  const w = wanted.toLowerCase();
  return (
    p === w || p.startsWith(`${w} `) || p.split(/\s+/).some((word) => word.startsWith(w)) || p.includes(w)
  );
}

/** "from 1 Jan 2025 to 31 Dec 2025, in Reuters": the filters as words, for answers and notices. */
export function describeFilters(f: AskFilters): string {
  const parts = [
    ...(f.from && f.to
      ? [`between ${f.from} and ${f.to}`]
      : f.from
        ? [`since ${f.from}`]
        : f.to
          ? [`until ${f.to}`]
          : []),
    ...(f.source ? [`from ${f.source}`] : []),
  ];
  return parts.join(', ');
}

/** Passage id → whether its article passes the filters (decided once per article). */
export function passageFilter(archive: Pick<Archive, 'passages' | 'articles'>, filters: AskFilters) {
  const bySlug = new Map<string, boolean>();
  return (id: string): boolean => {
    const slug = archive.passages.get(id)?.slug ?? '';
    let ok = bySlug.get(slug);
    if (ok === undefined) {
      const meta = archive.articles.get(slug);
      ok = Boolean(meta && articlePasses(meta, filters));
      bySlug.set(slug, ok);
    }
    return ok;
  };
}

/** Publishers whose name contains `partial` (case-insensitive), most articles first. */
export function publishersLike(
  articles: Iterable<Pick<ArticleMeta, 'source'>>,
  partial: string,
  limit: number,
): string[] {
  const counts = new Map<string, number>();
  for (const a of articles) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
  const p = partial.trim().toLowerCase();
  return [...counts]
    .filter(([name]) => name.toLowerCase().includes(p))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
}
