import type pg from 'pg';
import { ArchivistError } from '../core/errors.js';
import { type AnswerSession, MAX_SESSION_ID } from '../core/sessions.js';
import {
  type ChannelRef,
  EVENT_TTL_MS,
  type FeedbackRecord,
  type PostEntry,
  type PostLedger,
  type SavedSubscription,
  type StateStore,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionSource,
} from '../core/state.js';
import { createPool, describeTarget, inTransaction, reason } from './pg-connect.js';
import { LOCK_SPACE, migratePg } from './pg-migrations.js';
import {
  activeSinceFor,
  EVENT_PRUNE_EVERY_MS,
  type PgSessionRow,
  type PostRow,
  SESSION_PRUNE_EVERY_MS,
  type SubscriptionRow,
  toPgSession,
  toPost,
  toSubscription,
} from './rows.js';

const KEY = 'platform = $1 AND channel_id = $2';
const key = (ref: ChannelRef) => [ref.platform, ref.channelId];

/**
 * The networked state store: the same tables and rules as SqliteStateStore, in PostgreSQL, so several
 * replicas share subscriptions, the post ledger, feedback, answer sessions and event ids. Anything
 * that must be atomic is one statement (claims, event ids) or one transaction (a save that returns the
 * row it replaced), safe across processes under PostgreSQL's default READ COMMITTED.
 */
export class PostgresStateStore implements StateStore {
  /** The server and database, without the password: for logs and messages. */
  readonly target: string;
  readonly #pool: pg.Pool;
  #closed = false;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #lastEventPrune = Number.NEGATIVE_INFINITY;

  private constructor(target: string, pool: pg.Pool) {
    this.target = target;
    this.#pool = pool;
  }

  /** Connects and migrates; ArchivistError('STATE_STORE') naming host, port and database if it cannot. */
  static async open(url: string): Promise<PostgresStateStore> {
    const target = describeTarget(url);
    const pool = createPool(url);
    try {
      await inTransaction(pool, migratePg);
      return new PostgresStateStore(target, pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new ArchivistError(
        'STATE_STORE',
        `cannot use the PostgreSQL state store ${target} (${reason(err, url)}). Check that the server is up and that DATABASE_URL names the right host, port, database and user; unset DATABASE_URL to use the SQLite file instead.`,
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#pool.query(sql, params)).rows as T[];
  }

  async #count(sql: string, params: unknown[]): Promise<number> {
    return (await this.#pool.query(sql, params)).rowCount ?? 0;
  }

  // --- feedback ---

  async recordFeedback(r: FeedbackRecord & { answerId: string }): Promise<void> {
    await this.#pool.query(
      `INSERT INTO feedback (answer_id, platform, user_id, channel_id, question, passage_ids, vote, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET vote = EXCLUDED.vote, at = EXCLUDED.at`,
      [r.answerId, r.platform, r.userId, r.channelId, r.question, r.passageIds, r.vote, r.at],
    );
  }

  /** Votes per answer, for reports and tests (not a port method). Byte order, as in SQLite. */
  async feedbackTotals(): Promise<Array<{ answerId: string; up: number; down: number }>> {
    return this.#rows(
      `SELECT answer_id AS "answerId", COUNT(*) FILTER (WHERE vote = 'up')::int AS up,
         COUNT(*) FILTER (WHERE vote = 'down')::int AS down
       FROM feedback GROUP BY answer_id ORDER BY answer_id COLLATE "C"`,
    );
  }

  // --- subscriptions ---

  async listSubscriptions(): Promise<Subscription[]> {
    const sql = 'SELECT * FROM subscriptions ORDER BY platform COLLATE "C", channel_id COLLATE "C"';
    return (await this.#rows<SubscriptionRow>(sql)).map(toSubscription);
  }

  async getSubscription(ref: ChannelRef): Promise<Subscription | undefined> {
    const [row] = await this.#rows<SubscriptionRow>(`SELECT * FROM subscriptions WHERE ${KEY}`, key(ref));
    return row ? toSubscription(row) : undefined;
  }

  async saveSubscription(input: SubscriptionInput, at: Date): Promise<SavedSubscription> {
    return inTransaction(this.#pool, async (c) => {
      // A row lock cannot cover a row that does not exist yet, so saves of one channel queue on an
      // advisory lock first; FOR UPDATE then holds off other writers (failures, removal) of that row.
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        LOCK_SPACE + 1,
        `${input.platform}:${input.channelId}`,
      ]);
      const found = await c.query<SubscriptionRow>(
        `SELECT * FROM subscriptions WHERE ${KEY} FOR UPDATE`,
        key(input),
      );
      const old = found.rows[0] ? toSubscription(found.rows[0]) : undefined;
      const activeSince = activeSinceFor(old, input, at);
      if (old && !activeSince) return { subscription: old, previous: old };
      const saved = await c.query<SubscriptionRow>(
        `INSERT INTO subscriptions (platform, channel_id, time, time_zone, source, created_by, created_at, active_since)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           time = EXCLUDED.time, time_zone = EXCLUDED.time_zone, source = EXCLUDED.source,
           active_since = EXCLUDED.active_since, failures = 0, last_error = NULL, disabled_at = NULL
         RETURNING *`,
        [...key(input), input.time, input.timeZone, input.source, input.createdBy ?? null, at, activeSince],
      );
      const subscription = toSubscription(saved.rows[0] as SubscriptionRow);
      return { subscription, ...(old ? { previous: old } : {}) };
    });
  }

  async removeSubscription(
    ref: ChannelRef,
    onlySource?: SubscriptionSource,
  ): Promise<Subscription | undefined> {
    const only = onlySource ? ' AND source = $3' : '';
    const [row] = await this.#rows<SubscriptionRow>(
      `DELETE FROM subscriptions WHERE ${KEY}${only} RETURNING *`,
      onlySource ? [...key(ref), onlySource] : key(ref),
    );
    return row ? toSubscription(row) : undefined;
  }

  async recordFailure(
    ref: ChannelRef,
    error: string,
    at: Date,
    maxFailures: number,
  ): Promise<Subscription | undefined> {
    const [row] = await this.#rows<SubscriptionRow>(
      `UPDATE subscriptions SET failures = failures + 1, last_error = $3,
         disabled_at = CASE WHEN failures + 1 >= $5 THEN COALESCE(disabled_at, $4) ELSE disabled_at END
       WHERE ${KEY} RETURNING *`,
      [...key(ref), error, at, maxFailures],
    );
    return row ? toSubscription(row) : undefined;
  }

  // --- post ledger ---

  async claimPost(ref: ChannelRef, localDate: string, at: Date, priorAttempts?: number): Promise<boolean> {
    if (priorAttempts === undefined) {
      const sql = `INSERT INTO posts (platform, channel_id, local_date, status, attempts, claimed_at)
                   VALUES ($1, $2, $3, 'sending', 1, $4) ON CONFLICT DO NOTHING`;
      return (await this.#count(sql, [...key(ref), localDate, at])) === 1;
    }
    // Compare-and-set: a second retrier waits on the row lock, then finds it no longer `failed`.
    const sql = `UPDATE posts SET status = 'sending', attempts = attempts + 1, claimed_at = $4,
                   finished_at = NULL, error = NULL
                 WHERE ${KEY} AND local_date = $3 AND status = 'failed' AND attempts = $5`;
    return (await this.#count(sql, [...key(ref), localDate, at, priorAttempts])) === 1;
  }

  /** Compare-and-set as claimPost's retry: a racing replica waits on the row lock, then finds it moved. */
  async reclaimPost(...[ref, localDate, prior, at]: Parameters<PostLedger['reclaimPost']>): Promise<boolean> {
    const sql = `UPDATE posts SET attempts = attempts + 1, claimed_at = $4
                 WHERE ${KEY} AND local_date = $3 AND status = 'sending' AND attempts = $5 AND claimed_at = $6`;
    return (await this.#count(sql, [...key(ref), localDate, at, prior.attempts, prior.claimedAt])) === 1;
  }

  async finishPost(...[ref, localDate, outcome, at]: Parameters<PostLedger['finishPost']>): Promise<void> {
    const failed = outcome.status === 'failed';
    await inTransaction(this.#pool, async (c) => {
      await c.query(
        `UPDATE posts SET status = $4, finished_at = $5, items = $6, error = $7
         WHERE ${KEY} AND local_date = $3`,
        [
          ...key(ref),
          localDate,
          outcome.status,
          at,
          failed ? null : outcome.items,
          failed ? outcome.error : null,
        ],
      );
      if (outcome.status === 'sent') {
        await c.query(`UPDATE subscriptions SET failures = 0, last_error = NULL WHERE ${KEY}`, key(ref));
      }
    });
  }

  async getPost(ref: ChannelRef, localDate: string): Promise<PostEntry | undefined> {
    const sql = `SELECT * FROM posts WHERE ${KEY} AND local_date = $3`;
    const [row] = await this.#rows<PostRow>(sql, [...key(ref), localDate]);
    return row ? toPost(row) : undefined;
  }

  async postsSince(fromDate: string): Promise<PostEntry[]> {
    const sql = 'SELECT * FROM posts WHERE local_date >= $1 ORDER BY local_date, platform, channel_id';
    return (await this.#rows<PostRow>(sql, [fromDate])).map(toPost);
  }

  async lastPost(ref: ChannelRef): Promise<PostEntry | undefined> {
    const sql = `SELECT * FROM posts WHERE ${KEY} ORDER BY local_date DESC LIMIT 1`;
    const [row] = await this.#rows<PostRow>(sql, key(ref));
    return row ? toPost(row) : undefined;
  }

  // --- answer sessions ---

  /** Creates or replaces a session; expired rows are pruned here, at most hourly, as in SQLite. */
  async saveSession(s: AnswerSession): Promise<void> {
    if (!s.id || s.id.length > MAX_SESSION_ID) {
      throw new RangeError(`session id must be 1 to ${MAX_SESSION_ID} characters`);
    }
    await this.#pool.query(
      `INSERT INTO answer_sessions (id, question, passage_ids, page_offset, owner_platform, owner_user_id,
         options, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET question = EXCLUDED.question, passage_ids = EXCLUDED.passage_ids,
         page_offset = EXCLUDED.page_offset, owner_platform = EXCLUDED.owner_platform,
         owner_user_id = EXCLUDED.owner_user_id, options = EXCLUDED.options,
         created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [
        s.id,
        s.question,
        s.passageIds,
        s.offset,
        s.owner.platform,
        s.owner.userId,
        // node-postgres would send an array as a Postgres array, not JSON: stringify it ourselves.
        s.options ? JSON.stringify(s.options) : null,
        s.createdAt,
        s.expiresAt,
      ],
    );
    if (s.createdAt.getTime() - this.#lastPrune >= SESSION_PRUNE_EVERY_MS)
      await this.pruneSessions(s.createdAt);
  }

  async getSession(id: string, now: Date): Promise<AnswerSession | undefined> {
    const sql = 'SELECT * FROM answer_sessions WHERE id = $1 AND expires_at > $2';
    const [row] = await this.#rows<PgSessionRow>(sql, [id, now]);
    return row ? toPgSession(row) : undefined;
  }

  async pruneSessions(now: Date): Promise<number> {
    this.#lastPrune = now.getTime();
    return this.#count('DELETE FROM answer_sessions WHERE expires_at <= $1', [now]);
  }

  // --- event ids ---

  /** One statement: a racing replica waits on the row, then finds it fresh and gets false. */
  async firstDelivery(eventId: string, at: Date): Promise<boolean> {
    const expired = new Date(at.getTime() - EVENT_TTL_MS);
    if (at.getTime() - this.#lastEventPrune >= EVENT_PRUNE_EVERY_MS) {
      this.#lastEventPrune = at.getTime();
      await this.#pool.query('DELETE FROM event_ids WHERE seen_at <= $1', [expired]);
    }
    const sql = `INSERT INTO event_ids (event_id, seen_at) VALUES ($1, $2)
                 ON CONFLICT (event_id) DO UPDATE SET seen_at = EXCLUDED.seen_at
                 WHERE event_ids.seen_at <= $3`;
    return (await this.#count(sql, [eventId, at, expired])) === 1;
  }
}
