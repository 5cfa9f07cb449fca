/** Pending rows ordered by alert → one entry per alert with its article keys in order. */
export function groupPending(
  rows: Array<{ alertId: number; key: string }>,
): Array<{ alertId: number; keys: string[] }> {
  const out: Array<{ alertId: number; keys: string[] }> = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last?.alertId === r.alertId) last.keys.push(r.key);
    else out.push({ alertId: r.alertId, keys: [r.key] });
  }
  return out;
}
