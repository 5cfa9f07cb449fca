import type { Trend } from '../../core/trend.js';
import { sparkline, trendCounts, trendProblem, trendSummary, trendTitle } from '../shared/trend-text.js';

/** Title, the sparkline between its first and last labels, the summary, and the counts in words. */
export function renderTrendText(
  t: Trend,
  paint: (style: 'bold' | 'cyan' | 'dim' | 'yellow', s: string) => string,
): string {
  const problem = trendProblem(t);
  if (problem) return paint('yellow', problem);
  const first = t.buckets[0]?.label ?? '';
  const last = t.buckets[t.buckets.length - 1]?.label ?? '';
  const spark = paint('cyan', sparkline(t.buckets.map((b) => b.passages)));
  return [
    paint('bold', trendTitle(t)),
    `${first} ${spark} ${last === first ? '' : last}`.trimEnd(),
    trendSummary(t),
    // The span is already in the summary line; repeating it before the counts read "2025-11: 2025-11 8".
    paint('dim', `Per ${t.unit}: ${trendCounts(t)}`),
  ].join('\n');
}
