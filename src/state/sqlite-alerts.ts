import type Database from 'better-sqlite3';
import type { Alert, AlertInput, AlertOutcome, AlertStore, AlertSummary } from '../core/alert-state.js';
import type { ChannelRef } from '../core/state.js';
import { type AlertRow, groupPending, toAlert, toSummary } from './alert-rows.js';
import { retryBusy } from './sqlite-busy.js';
import { openSqliteFile } from './sqlite-open.js';

const WITH_STATS = `SELECT a.*,
    (SELECT COUNT(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'sent') AS sent,
    (SELECT MAX(finished_at) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'sent') AS last_sent_at
  FROM alerts a`;

/**
 * The alert tables in the SQLite state file, on a connection of their own (the file is shared with the
 * main store; SQLite serialises the writers). IMMEDIATE transactions order markSeen and addAlert, so
 * the numbers recorded before an alert's baseline are exactly the articles recorded before it.
 */
export class SqliteAlertStore implements AlertStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Opens (and migrates) the state file; ArchivistError('STATE_STORE') if it cannot. */
  static open(file: string): SqliteAlertStore {
    return new SqliteAlertStore(
      openSqliteFile(file, (why) => `cannot use the state store ${file} for alerts (${why})`),
    );
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #markSeen(keys: readonly string[], at: Date): void {
    if (keys.length === 0) return;
    this.#db
      .prepare(
        `INSERT INTO alert_articles (article_key, first_seen_at)
         SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT (article_key) DO NOTHING`,
      )
      .run(at.getTime(), JSON.stringify(keys));
  }

  async markSeen(keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    const tx = this.#db.transaction(() => this.#markSeen(keys, at));
    await retryBusy(() => tx.immediate());
  }

  async addAlert(input: AlertInput, present: readonly string[], at: Date): Promise<Alert> {
    const tx = this.#db.transaction((): Alert => {
      this.#markSeen(present, at);
      const { top } = this.#db.prepare('SELECT COALESCE(MAX(seq), 0) AS top FROM alert_articles').get() as {
        top: number;
      };
      const row = this.#db
        .prepare(
          `INSERT INTO alerts (platform, channel_id, search, created_by, created_at, baseline)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(input.platform, input.channelId, input.search, input.createdBy ?? null, at.getTime(), top);
      return toAlert(row as AlertRow);
    });
    return retryBusy(() => tx.immediate());
  }

  async listAlerts(ref?: ChannelRef): Promise<AlertSummary[]> {
    const rows = ref
      ? await retryBusy(() =>
          this.#db
            .prepare(`${WITH_STATS} WHERE a.platform = ? AND a.channel_id = ? ORDER BY a.id`)
            .all(ref.platform, ref.channelId),
        )
      : await retryBusy(() => this.#db.prepare(`${WITH_STATS} ORDER BY a.id`).all());
    return (rows as AlertRow[]).map(toSummary);
  }

  async removeAlert(ref: ChannelRef, id: number): Promise<Alert | undefined> {
    const tx = this.#db.transaction(() => {
      const row = this.#db
        .prepare('DELETE FROM alerts WHERE id = ? AND platform = ? AND channel_id = ? RETURNING *')
        .get(id, ref.platform, ref.channelId) as AlertRow | undefined;
      if (row) this.#db.prepare('DELETE FROM alert_deliveries WHERE alert_id = ?').run(id);
      return row ? toAlert(row) : undefined;
    });
    return retryBusy(() => tx.immediate());
  }

  async pendingArticles(): Promise<Array<{ alertId: number; keys: string[] }>> {
    const rows = (await retryBusy(() =>
      this.#db
        .prepare(
          `SELECT a.id AS alertId, s.article_key AS key
           FROM alerts a JOIN alert_articles s ON s.seq > a.baseline
           WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d
                             WHERE d.alert_id = a.id AND d.article_key = s.article_key)
           ORDER BY a.id, s.seq`,
        )
        .all(),
    )) as Array<{ alertId: number; key: string }>;
    return groupPending(rows);
  }

  async claimArticles(alertId: number, keys: readonly string[], at: Date): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = (await retryBusy(() =>
      this.#db
        .prepare(
          `INSERT INTO alert_deliveries (alert_id, article_key, status, claimed_at)
           SELECT a.id, s.article_key, 'claimed', ?
           FROM alerts a JOIN alert_articles s ON s.seq > a.baseline
           WHERE a.id = ? AND s.article_key IN (SELECT value FROM json_each(?))
           ORDER BY s.seq
           ON CONFLICT DO NOTHING RETURNING article_key`,
        )
        .all(at.getTime(), alertId, JSON.stringify(keys)),
    )) as Array<{ article_key: string }>;
    return rows.map((r) => r.article_key);
  }

  async finishArticles(
    alertId: number,
    keys: readonly string[],
    outcome: AlertOutcome,
    at: Date,
    error?: string,
  ): Promise<void> {
    if (keys.length === 0) return;
    await retryBusy(() =>
      this.#db
        .prepare(
          `UPDATE alert_deliveries SET status = ?, finished_at = ?, error = ?
           WHERE alert_id = ? AND article_key IN (SELECT value FROM json_each(?))`,
        )
        .run(outcome, at.getTime(), error ?? null, alertId, JSON.stringify(keys)),
    );
  }
}
