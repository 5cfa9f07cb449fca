import type { RankedHit, Ranking } from '../core/answer-service.js';
import { COLLAPSE_ALL_BELOW, SAME_STORY, similarity } from '../core/near-duplicates.js';
import { RERANK_DEPTH } from '../core/rerank.js';
import type { Trend } from '../core/trend.js';
import type { Answer, OnThisDay, OnThisDayItem } from '../core/types.js';

/** A ranked hit, the shard that holds it, and its passage's sketch and article (for near-duplicates). */
export type ShardHit = RankedHit & { shard: number; sketch: readonly number[]; slug: string };
export type SketchedRanking = Omit<Ranking, 'hits'> & {
  hits: Array<RankedHit & { sketch: readonly number[]; slug: string }>;
};

/**
 * The shards' rankings as one archive's: the archive-wide best RERANK_DEPTH by BM25 (scores are
 * comparable: every shard scores with the archive-wide statistics) ordered by their re-ranked score,
 * then the rest by BM25, the order one whole index gives. Each shard sends its head and enough of the
 * rest that the page asked is covered.
 */
export function mergeRankings(
  rankings: readonly SketchedRanking[],
  /** How many hits each shard was asked for (AskOptions.depth); default as AnswerService.ranking. */
  depth?: number,
): {
  answer: Omit<Answer, 'tookMs'>;
  page: Array<{ hit: ShardHit; alsoIn: ShardHit[] }>;
  /** Set when folding near-duplicates left too few for the page: ask the shards again for this many. */
  deeper?: number;
} {
  const first = rankings[0] as SketchedRanking;
  const { offset, limit } = first.answer;
  const total = rankings.reduce((n, r) => n + r.answer.total, 0);
  const fuzzy = rankings.some((r) => r.answer.fuzzy);
  const all: ShardHit[] = rankings.flatMap((r, shard) => r.hits.map((h) => ({ ...h, shard })));
  // As one index orders them: by score, equal scores by id (see the index's TopHits).
  const byId = (a: ShardHit, b: ShardHit) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byBase = (a: ShardHit, b: ShardHit) => b.base - a.base || byId(a, b);
  const head = all
    .filter((h) => h.head)
    .sort(byBase)
    .slice(0, RERANK_DEPTH);
  const inHead = new Set(head);
  const merged = [
    ...head.sort((a, b) => b.score - a.score),
    ...all.filter((h) => !inHead.has(h)).sort(byBase),
  ];
  const withFilters = rankings.find((r) => r.answer.filters)?.answer.filters;
  // One wire story in several papers (articles in any shard) is one hit, folded as AnswerService.ask
  // folds them (collapseRanked): every hit when there are few, else the first n, doubling n until the
  // page is filled. Each shard sent at least its first n, so the archive's first n are all here.
  const upTo = offset + limit;
  const n = depth ?? Math.max(upTo * 2, 40);
  const whole = total <= COLLAPSE_ALL_BELOW;
  const folded = collapseSketched(whole ? merged : merged.slice(0, n));
  const deeper = !whole && folded.length < upTo + 1 && n < total ? n * 2 : undefined;
  const kept = whole ? folded : [...folded, ...merged.slice(n).map((hit) => ({ hit, alsoIn: [] }))];
  const duplicates = (whole ? merged.length : Math.min(n, merged.length)) - folded.length;
  const answer: Omit<Answer, 'tookMs'> = { ...first.answer, total: total - duplicates, fuzzy };
  if (total > 0) {
    delete answer.reason;
    if (withFilters) answer.filters = withFilters;
  } else if (rankings.some((r) => r.answer.reason === 'no-match-in-filters')) {
    answer.reason = 'no-match-in-filters';
  }
  return { answer, page: kept.slice(offset, offset + limit), ...(deeper ? { deeper } : {}) };
}

/** collapseNearDuplicates (core/near-duplicates.ts) over sketches the shards computed. */
function collapseSketched(hits: readonly ShardHit[]): Array<{ hit: ShardHit; alsoIn: ShardHit[] }> {
  const out: Array<{ hit: ShardHit; alsoIn: ShardHit[] }> = [];
  const buckets = new Map<number, number[]>();
  for (const hit of hits) {
    let into: (typeof out)[number] | undefined;
    for (const key of hit.sketch.slice(0, 4)) {
      for (const k of buckets.get(key) ?? []) {
        const kept = out[k] as (typeof out)[number];
        if (kept.hit.slug !== hit.slug && similarity(kept.hit.sketch, hit.sketch) >= SAME_STORY) {
          into = kept;
          break;
        }
      }
      if (into) break;
    }
    if (into) {
      into.alsoIn.push(hit);
      continue;
    }
    const n = out.push({ hit, alsoIn: [] }) - 1;
    for (const key of hit.sketch.slice(0, 4)) {
      const list = buckets.get(key) ?? [];
      list.push(n);
      buckets.set(key, list);
    }
  }
  return out;
}

/** Searched in this order: the day itself, then 1 day before, 1 after, 2 before… */
function nearness(r: OnThisDay): number {
  const d = r.nearest?.daysAway ?? 0;
  return d === 0 ? 0 : d < 0 ? -2 * d - 1 : 2 * d;
}

/** The nearest day any shard found (each shard holds whole articles), its items from every shard. */
export function mergeOnThisDay(results: readonly OnThisDay[], limit: number): OnThisDay {
  const found = results.filter((r) => r.items.length > 0);
  if (found.length === 0) return results[0] ?? { date: '', items: [] };
  const best = Math.min(...found.map(nearness));
  const same = found.filter((r) => nearness(r) === best);
  const kindRank = (i: OnThisDayItem) => (i.kind === 'published' ? 0 : 1);
  const items = same
    .flatMap((r) => r.items)
    .sort((a, b) => b.date.localeCompare(a.date) || kindRank(a) - kindRank(b) || a.slug.localeCompare(b.slug))
    .slice(0, limit);
  const { nearest } = same[0] as OnThisDay;
  return { date: (same[0] as OnThisDay).date, items, ...(nearest ? { nearest } : {}) };
}

/** Titles starting with the input first, then containing it; newest first (as completeTitles). */
export function mergeTitles<T extends { slug: string; title: string; date: string }>(
  lists: readonly T[][],
  partial: string,
  limit: number,
): T[] {
  const p = partial.trim().toLowerCase();
  const starts = (t: T) => (t.title.toLowerCase().startsWith(p) ? 0 : 1);
  return lists
    .flat()
    .sort((a, b) => starts(a) - starts(b) || b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug))
    .slice(0, limit);
}

/** Bars summed label by label (every shard counted over the same span, so the labels line up). */
export function mergeTrends(trends: readonly Trend[]): Trend {
  const first = trends[0] as Trend;
  if (first.reason) return first;
  const buckets = first.buckets.map((b, i) => ({
    label: b.label,
    passages: trends.reduce((n, t) => n + (t.buckets[i]?.passages ?? 0), 0),
    articles: trends.reduce((n, t) => n + (t.buckets[i]?.articles ?? 0), 0),
  }));
  return {
    ...first,
    buckets,
    totalPassages: buckets.reduce((n, b) => n + b.passages, 0),
    totalArticles: buckets.reduce((n, b) => n + b.articles, 0),
  };
}
