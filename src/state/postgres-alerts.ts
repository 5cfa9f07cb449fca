import type pg from 'pg';
import type { Alert, AlertInput, AlertOutcome, AlertStore, AlertSummary } from '../core/alert-state.js';
import { ArchivistError } from '../core/errors.js';
import type { ChannelRef } from '../core/state.js';
import { type AlertRow, groupPending, toAlert, toSummary } from './alert-rows.js';
import { createPool, describeTarget, inTransaction, reason } from './pg-connect.js';
import { LOCK_SPACE, migratePg } from './pg-migrations.js';

/** Second key of the lock that orders recording articles and creating alerts ('ALRT'). */
const SEEN_LOCK = 0x414c5254;

const WITH_STATS = `SELECT a.*,
    (SELECT COUNT(*)::int FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'sent') AS sent,
    (SELECT MAX(finished_at) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'sent') AS last_sent_at
  FROM alerts a`;

/**
 * The alert tables in PostgreSQL, shared by replicas. Recording articles and creating an alert take one
 * advisory lock, so sequence numbers are committed in order and an alert's baseline (the highest number
 * at its creation) covers exactly what was recorded before it. Claims are one INSERT … ON CONFLICT DO
 * NOTHING: of several replicas, each (alert, article) goes to one.
 */
export class PostgresAlertStore implements AlertStore {
  readonly #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open(url: string): Promise<PostgresAlertStore> {
    const pool = createPool(url);
    try {
      await inTransaction(pool, migratePg);
      return new PostgresAlertStore(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new ArchivistError(
        'STATE_STORE',
        `cannot use the PostgreSQL state store ${describeTarget(url)} for alerts (${reason(err, url)})`,
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #markSeen(c: pg.PoolClient, keys: readonly string[], at: Date): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, SEEN_LOCK]);
    if (keys.length === 0) return;
    // Under the lock nobody else inserts: skipping known keys first spends no sequence numbers on them.
    await c.query(
      `INSERT INTO alert_articles (article_key, first_seen_at)
       SELECT k, $2 FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n)
       WHERE NOT EXISTS (SELECT 1 FROM alert_articles s WHERE s.article_key = t.k)
       ORDER BY n
       ON CONFLICT (article_key) DO NOTHING`,
      [[...new Set(keys)], at],
    );
  }

  async markSeen(keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await inTransaction(this.#pool, (c) => this.#markSeen(c, keys, at));
  }

  async addAlert(input: AlertInput, present: readonly string[], at: Date): Promise<Alert> {
    return inTransaction(this.#pool, async (c) => {
      await this.#markSeen(c, present, at);
      const { rows } = await c.query<AlertRow>(
        `INSERT INTO alerts (platform, channel_id, search, created_by, created_at, baseline)
         VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(seq), 0) FROM alert_articles)) RETURNING *`,
        [input.platform, input.channelId, input.search, input.createdBy ?? null, at],
      );
      return toAlert(rows[0] as AlertRow);
    });
  }

  async listAlerts(ref?: ChannelRef): Promise<AlertSummary[]> {
    const { rows } = ref
      ? await this.#pool.query<AlertRow>(
          `${WITH_STATS} WHERE a.platform = $1 AND a.channel_id = $2 ORDER BY a.id`,
          [ref.platform, ref.channelId],
        )
      : await this.#pool.query<AlertRow>(`${WITH_STATS} ORDER BY a.id`);
    return rows.map(toSummary);
  }

  async removeAlert(ref: ChannelRef, id: number): Promise<Alert | undefined> {
    return inTransaction(this.#pool, async (c) => {
      const { rows } = await c.query<AlertRow>(
        'DELETE FROM alerts WHERE id = $1 AND platform = $2 AND channel_id = $3 RETURNING *',
        [id, ref.platform, ref.channelId],
      );
      if (!rows[0]) return undefined;
      await c.query('DELETE FROM alert_deliveries WHERE alert_id = $1', [id]);
      return toAlert(rows[0]);
    });
  }

  async pendingArticles(): Promise<Array<{ alertId: number; keys: string[] }>> {
    const { rows } = await this.#pool.query<{ alertId: number; key: string }>(
      `SELECT a.id AS "alertId", s.article_key AS key
       FROM alerts a JOIN alert_articles s ON s.seq > a.baseline
       WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d
                         WHERE d.alert_id = a.id AND d.article_key = s.article_key)
       ORDER BY a.id, s.seq`,
    );
    return groupPending(rows);
  }

  async claimArticles(alertId: number, keys: readonly string[], at: Date): Promise<string[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.#pool.query<{ article_key: string; seq: number }>(
      `INSERT INTO alert_deliveries (alert_id, article_key, status, claimed_at)
       SELECT a.id, s.article_key, 'claimed', $3
       FROM alerts a JOIN alert_articles s ON s.seq > a.baseline
       WHERE a.id = $1 AND s.article_key = ANY($2::text[])
       ON CONFLICT DO NOTHING RETURNING article_key,
         (SELECT seq FROM alert_articles x WHERE x.article_key = alert_deliveries.article_key) AS seq`,
      [alertId, [...keys], at],
    );
    return rows.sort((a, b) => a.seq - b.seq).map((r) => r.article_key);
  }

  async finishArticles(
    alertId: number,
    keys: readonly string[],
    outcome: AlertOutcome,
    at: Date,
    error?: string,
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.#pool.query(
      `UPDATE alert_deliveries SET status = $1, finished_at = $2, error = $3
       WHERE alert_id = $4 AND article_key = ANY($5::text[])`,
      [outcome, at, error ?? null, alertId, [...keys]],
    );
  }
}
