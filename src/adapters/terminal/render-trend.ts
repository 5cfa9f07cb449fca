import type { Trend } from '../../core/trend.js';
import {
  sparkline,
  trendAltText,
  trendProblem,
  trendSpan,
  trendSummary,
  trendTitle,
} from '../shared/trend-text.js';

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
    paint('dim', trendAltText(t, 4000).replace(/^[^:]*: /, `${trendSpan(t)}: `)),
  ].join('\n');
}
