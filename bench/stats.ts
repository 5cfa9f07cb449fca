/** Nearest-rank percentile of samples (p in 0–1). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export interface Quality {
  questions: number;
  top1: number;
  recall3: number;
  /** Sum of 1/rank of the first right passage in the top 10 (divide by questions for MRR). */
  rr: number;
}

/** Top-1, recall@3 and MRR@10 of a system's answers, given which passage ids are right for each question. */
export async function quality<Q>(
  questions: Q[],
  ask: (q: Q) => string[] | Promise<string[]>,
  isRight: (q: Q, id: string) => boolean,
): Promise<Quality> {
  let top1 = 0;
  let recall3 = 0;
  let rr = 0;
  for (const q of questions) {
    const rank = (await ask(q)).slice(0, 10).findIndex((id) => isRight(q, id));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) recall3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  return { questions: questions.length, top1, recall3, rr };
}

/** A plain-text table with aligned columns (first column left, the rest right-aligned). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const ms = (x: number | undefined, digits = 2): string =>
  x === undefined || Number.isNaN(x) ? '—' : `${x.toFixed(digits)} ms`;
export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? '—' : `${(bytes / 1e6).toFixed(0)} MB`;
export const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(0)}% (${n}/${of})`;
export const mrr = (q: Quality | undefined): string => (q ? (q.rr / q.questions).toFixed(2) : '—');
