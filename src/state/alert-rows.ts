import type { Alert, AlertSummary } from '../core/alert-state.js';

/** An alert row with its delivery counts; times are epoch ms in SQLite and Dates in PostgreSQL. */
export interface AlertRow {
  id: number;
  platform: string;
  channel_id: string;
  search: string;
  created_by: string | null;
  created_at: number | Date;
  baseline: number;
  sent?: number;
  last_sent_at?: number | Date | null;
}

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    platform: r.platform as Alert['platform'],
    channelId: r.channel_id,
    search: r.search,
    ...(r.created_by ? { createdBy: r.created_by } : {}),
    createdAt: new Date(r.created_at),
    baseline: r.baseline,
  };
}

export function toSummary(r: AlertRow): AlertSummary {
  return {
    ...toAlert(r),
    sent: r.sent ?? 0,
    ...(r.last_sent_at ? { lastSentAt: new Date(r.last_sent_at) } : {}),
  };
}

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
