import type { Trend } from '../../core/trend.js';

const LEVELS = '▁▂▃▄▅▆▇█';

/**
 * One character per bar, zero-based: ▁ is none, any count above zero is ▂ or higher (so a small
 * count never looks like nothing), █ is the peak.
 */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts
    .map((n) => (n <= 0 || max === 0 ? LEVELS[0] : LEVELS[Math.max(1, Math.round((n / max) * 7))]))
    .join('');
}

const per = (t: Trend) => (t.unit === 'month' ? 'month' : 'year');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The range a trend covers, as its first and last labels ("2019–2024"). */
export function trendSpan(t: Trend): string {
  const first = t.buckets[0]?.label ?? '';
  const last = t.buckets[t.buckets.length - 1]?.label ?? first;
  return first === last ? first : `${first}–${last}`;
}

/** Why a trend has nothing to show, or undefined when it has bars. */
export function trendProblem(t: Trend): string | undefined {
  switch (t.reason) {
    case 'empty-topic':
      return 'Give a topic to count, e.g. /trend espionage.';
    case 'no-meaningful-words':
      return `“${t.topic}” has only common words (like “the”, “what”); give a more specific topic.`;
    case 'bad-range':
      return 'The years are the wrong way round or too far apart: give from ≤ to, within 200 years.';
    case 'empty-archive':
      return 'The archive holds no articles yet.';
    default:
      return undefined;
  }
}

/** "41 passages in 17 articles, 2019–2024 · peak 2021 (20)", or that nothing matched. */
export function trendSummary(t: Trend): string {
  if (t.totalPassages === 0) return `No passages match “${t.topic}” in ${trendSpan(t)}.`;
  const peak = t.buckets.reduce((a, b) => (b.passages > a.passages ? b : a));
  return `${plural(t.totalPassages, 'passage')} in ${plural(t.totalArticles, 'article')}, ${trendSpan(t)} · peak ${peak.label} (${peak.passages})`;
}

/** Each bar as "label count", comma-separated ("2019 1, 2020 0, 2021 3"). */
export function trendCounts(t: Trend): string {
  return t.buckets.map((b) => `${b.label} ${b.passages}`).join(', ');
}

/** The counts in words: the chart's alt text, and what a screen reader says instead of the sparkline. */
export function trendAltText(t: Trend, max = 1000): string {
  const head = `Bar chart of passages matching “${t.topic}” per ${per(t)}, ${trendSpan(t)}: `;
  let text = head + trendCounts(t);
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text;
}

/** Passages per year (or month), as the chart's title says. */
export function trendTitle(t: Trend): string {
  return `“${t.topic}”: passages per ${per(t)}`;
}
