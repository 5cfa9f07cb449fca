/**
 * Which query terms an index term was expanded from. MiniSearch reports, per hit, the index terms that
 * matched in each field but not which query term produced them (prefix and typo expansion), so the
 * mapping is recovered here: exact first, then prefix, then the nearest by edit distance.
 */
export function sourceTermsOf(derived: string, queryTerms: readonly string[]): string[] {
  if (queryTerms.includes(derived)) return [derived];
  const prefixed = queryTerms.filter((q) => derived.startsWith(q));
  if (prefixed.length) return prefixed;
  let best = Number.POSITIVE_INFINITY;
  let out: string[] = [];
  for (const q of queryTerms) {
    const d = editDistance(q, derived);
    if (d < best) [best, out] = [d, [q]];
    else if (d === best) out.push(q);
  }
  return out;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
