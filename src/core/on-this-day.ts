// English only: the whole package loads every locale (~100 ms of each script's start).
import * as chronoEn from 'chrono-node/en';
import { analyseQuestion } from './analysis.js';
import type { Archive } from './archive.js';
import { addDays, formatCalendarDate, isLeapYear } from './dates.js';
import type { CalendarDate, OnThisDay, OnThisDayItem, Passage, PassageHit } from './types.js';

/** Options for "on this day" selection. */
export interface OnThisDayOptions {
  /**
   * When nothing falls on the day itself, look up to this many days either side for the nearest
   * anniversary and label it as such. Default 0: nothing matches, nothing is shown.
   */
  nearestWithinDays?: number;
  /** Most items returned. Default 10. */
  limit?: number;
}

interface Mention {
  passage: Passage;
  date: CalendarDate;
}

// A cheap gate before the date parser: only passages naming a month and a four-digit year can hold a full date.
const MAYBE_DATE =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b[\s\S]*?\b\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

const mentionCache = new WeakMap<Archive, Mention[]>();

/**
 * Dated events the text mentions ("On Saturday, November 1, 2025, …"). Only dates whose day, month and
 * year are all written out count: a bare year or "last Tuesday" is never turned into a guessed date.
 * Computed once per archive, on first use.
 */
export function mentionedDates(archive: Archive): Mention[] {
  const cached = mentionCache.get(archive);
  if (cached) return cached;
  const out: Mention[] = [];
  for (const passage of archive.passages.values()) {
    if (!MAYBE_DATE.test(passage.text)) continue;
    for (const r of chronoEn.strict.parse(passage.text)) {
      const s = r.start;
      if (!(s.isCertain('year') && s.isCertain('month') && s.isCertain('day'))) continue;
      const date = { year: s.get('year') ?? 0, month: s.get('month') ?? 0, day: s.get('day') ?? 0 };
      if (
        !out.some((m) => m.passage.id === passage.id && sameDay(m.date, date) && m.date.year === date.year)
      ) {
        out.push({ passage, date });
      }
    }
  }
  mentionCache.set(archive, out);
  return out;
}

/**
 * The passage of an article that best matches its own title: what the story is about, where an
 * opening line is often scene-setting ("It's widely understood that nations…"). Falls back to the first.
 */
function representativePassage(archive: Archive, slug: string, title: string): Passage | undefined {
  const terms = [...new Set(analyseQuestion(title).flatMap((w) => w.terms))];
  const prefix = `${slug}#`;
  const best = terms.length
    ? archive.index.search(terms, { fields: ['text'], filter: (id) => id.startsWith(prefix), limit: 1 })[0]
    : undefined;
  return (best && archive.passages.get(best.id)) ?? archive.bySlug.get(slug)?.[0];
}

function sameDay(a: CalendarDate, b: CalendarDate): boolean {
  return a.month === b.month && a.day === b.day;
}

/** Does an anniversary of `event` fall on `target`? 29 February is kept on 28 February in common years. */
function isAnniversary(event: CalendarDate, target: CalendarDate): boolean {
  if (event.year >= target.year) return false;
  if (sameDay(event, target)) return true;
  return (
    event.month === 2 &&
    event.day === 29 &&
    target.month === 2 &&
    target.day === 28 &&
    !isLeapYear(target.year)
  );
}

function itemsOn(archive: Archive, target: CalendarDate, toHit: (p: Passage) => PassageHit): OnThisDayItem[] {
  const items: OnThisDayItem[] = [];
  const mentions = mentionedDates(archive);
  for (const article of archive.articles.values()) {
    const [y, m, d] = article.date.split('-').map(Number);
    const published = { year: y ?? 0, month: m ?? 0, day: d ?? 0 };
    if (!isAnniversary(published, target)) continue;
    // Prefer the passage that mentions the day itself, then the one that best tells the story.
    const mention = mentions.find(
      (x) => x.passage.slug === article.slug && formatCalendarDate(x.date) === article.date,
    );
    const passage = mention?.passage ?? representativePassage(archive, article.slug, article.title);
    if (!passage) continue;
    items.push({
      slug: article.slug,
      title: article.title,
      date: article.date,
      yearsAgo: target.year - published.year,
      kind: 'published',
      passage: toHit(passage),
    });
  }
  for (const { passage, date } of mentions) {
    if (!isAnniversary(date, target)) continue;
    const iso = formatCalendarDate(date);
    if (items.some((i) => i.slug === passage.slug && i.date === iso)) continue;
    const article = archive.articles.get(passage.slug);
    items.push({
      slug: passage.slug,
      title: article?.title ?? passage.slug,
      date: iso,
      yearsAgo: target.year - date.year,
      kind: 'mentioned',
      passage: toHit(passage),
    });
  }
  // Newest first; for the same date, the article published that day before one that mentions it, then
  // by slug so the order is stable (a comparator must be consistent, or engines may order arbitrarily).
  const kindRank = (i: OnThisDayItem) => (i.kind === 'published' ? 0 : 1);
  return items.sort(
    (a, b) => b.date.localeCompare(a.date) || kindRank(a) - kindRank(b) || a.slug.localeCompare(b.slug),
  );
}

export function selectOnThisDay(
  archive: Archive,
  target: CalendarDate,
  options: OnThisDayOptions,
  toHit: (p: Passage) => PassageHit,
): OnThisDay {
  const limit = options.limit ?? 10;
  const date = formatCalendarDate(target);
  const exact = itemsOn(archive, target, toHit);
  if (exact.length > 0 || !options.nearestWithinDays) return { date, items: exact.slice(0, limit) };
  for (let n = 1; n <= options.nearestWithinDays; n++) {
    for (const delta of [-n, n]) {
      const day = addDays(target, delta);
      const items = itemsOn(archive, day, toHit);
      if (items.length > 0)
        return {
          date,
          items: items.slice(0, limit),
          nearest: { date: formatCalendarDate(day), daysAway: delta },
        };
    }
  }
  return { date, items: [] };
}
