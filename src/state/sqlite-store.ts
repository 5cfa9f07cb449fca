import type Database from 'better-sqlite3';
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
import {
  activeSinceFor,
  EVENT_PRUNE_EVERY_MS,
  type PostRow,
  SESSION_PRUNE_EVERY_MS,
  type SessionRow,
  type SubscriptionRow,
  sessionParams,
  toPost,
  toSession,
  toSubscription,
} from './rows.js';
import { retryBusy } from './sqlite-busy.js';
import { openSqliteFile } from './sqlite-open.js';

const KEY = 'platform = @platform AND channel_id = @channelId';
const key = (ref: ChannelRef) => ({ platform: ref.platform, channelId: ref.channelId });

export { SESSION_PRUNE_EVERY_MS } from './rows.js';

/**
 * The embedded state store: one SQLite file (WAL mode) holding subscriptions, the post ledger, answer
 * feedback, answer sessions and event ids. Every write is a single statement or a transaction, so a
 * crash leaves either the old or the new state, and two processes on the same file are serialised by
 * SQLite's locks. better-sqlite3 is synchronous: the async methods wrap it to fit the ports and wait
 * out a lock held elsewhere in short synchronous steps with timer pauses between (see retryBusy).
 */
export class SqliteStateStore implements StateStore {
  readonly file: string;
  readonly #db: Database.Database;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #lastEventPrune = Number.NEGATIVE_INFINITY;

  // Every statement goes through these, so none blocks the event loop for more than BUSY_TIMEOUT_MS.
  readonly #run = (sql: string, ...p: unknown[]) => retryBusy(() => this.#db.prepare(sql).run(...p));
  readonly #get = (sql: string, ...p: unknown[]) => retryBusy(() => this.#db.prepare(sql).get(...p));
  readonly #all = (sql: string, ...p: unknown[]) => retryBusy(() => this.#db.prepare(sql).all(...p));

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
  }

  /** Opens (creating folder and file if needed) and migrates; ArchivistError('STATE_STORE') if it cannot. */
  static open(file: string): SqliteStateStore {
    const db = openSqliteFile(
      file,
      (why) =>
        `cannot use the state store ${file} (${why}). It must be a writable SQLite file in a writable folder: fix its permissions, or point STATE_DB elsewhere.`,
    );
    return new SqliteStateStore(file, db);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  // --- feedback ---

  async recordFeedback(r: FeedbackRecord & { answerId: string }): Promise<void> {
    await this.#run(
      `INSERT INTO feedback (answer_id, platform, user_id, channel_id, question, passage_ids, vote, at)
       VALUES (@answerId, @platform, @userId, @channelId, @question, @passageIds, @vote, @at)
       ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      {
        answerId: r.answerId,
        platform: r.platform,
        userId: r.userId,
        channelId: r.channelId,
        question: r.question,
        passageIds: JSON.stringify(r.passageIds),
        vote: r.vote,
        at: r.at.getTime(),
      },
    );
  }

  /** Votes per answer, for reports and tests (not a port method: SQLite only, so it stays synchronous). */
  feedbackTotals(): Array<{ answerId: string; up: number; down: number }> {
    return this.#db
      .prepare(
        `SELECT answer_id AS answerId, SUM(vote = 'up') AS up, SUM(vote = 'down') AS down
         FROM feedback GROUP BY answer_id ORDER BY answer_id`,
      )
      .all() as Array<{ answerId: string; up: number; down: number }>;
  }

  // --- subscriptions ---

  async listSubscriptions(): Promise<Subscription[]> {
    const rows = await this.#all('SELECT * FROM subscriptions ORDER BY platform, channel_id');
    return (rows as SubscriptionRow[]).map(toSubscription);
  }

  async getSubscription(ref: ChannelRef): Promise<Subscription | undefined> {
    return retryBusy(() => this.#subscription(ref));
  }

  #subscription(ref: ChannelRef): Subscription | undefined {
    const row = this.#db.prepare(`SELECT * FROM subscriptions WHERE ${KEY}`).get(key(ref));
    return row ? toSubscription(row as SubscriptionRow) : undefined;
  }

  async saveSubscription(input: SubscriptionInput, at: Date): Promise<SavedSubscription> {
    // IMMEDIATE: the read of the old row and the write happen under one write lock.
    const save = this.#db.transaction((): SavedSubscription => {
      const old = this.#subscription(input);
      const activeSince = activeSinceFor(old, input, at);
      if (old && !activeSince) return { subscription: old, previous: old };
      this.#db
        .prepare(
          `INSERT INTO subscriptions (platform, channel_id, time, time_zone, source, created_by, created_at, active_since)
             VALUES (@platform, @channelId, @time, @timeZone, @source, @createdBy, @at, @activeSince)
             ON CONFLICT (platform, channel_id) DO UPDATE SET
               time = excluded.time, time_zone = excluded.time_zone, source = excluded.source,
               active_since = excluded.active_since, failures = 0, last_error = NULL, disabled_at = NULL`,
        )
        .run({
          ...key(input),
          time: input.time,
          timeZone: input.timeZone,
          source: input.source,
          createdBy: input.createdBy ?? null,
          at: at.getTime(),
          activeSince: (activeSince ?? at).getTime(),
        });
      const subscription = this.#subscription(input) as Subscription;
      return { subscription, ...(old ? { previous: old } : {}) };
    });
    return retryBusy(() => save.immediate());
  }

  async removeSubscription(
    ref: ChannelRef,
    onlySource?: SubscriptionSource,
  ): Promise<Subscription | undefined> {
    const only = onlySource ? ' AND source = @source' : '';
    const sql = `DELETE FROM subscriptions WHERE ${KEY}${only} RETURNING *`;
    const row = await this.#get(sql, { ...key(ref), ...(onlySource ? { source: onlySource } : {}) });
    return row ? toSubscription(row as SubscriptionRow) : undefined;
  }

  async recordFailure(
    ref: ChannelRef,
    error: string,
    at: Date,
    maxFailures: number,
  ): Promise<Subscription | undefined> {
    const row = await this.#get(
      `UPDATE subscriptions SET failures = failures + 1, last_error = @error,
         disabled_at = CASE WHEN failures + 1 >= @max THEN COALESCE(disabled_at, @at) ELSE disabled_at END
       WHERE ${KEY} RETURNING *`,
      { ...key(ref), error, at: at.getTime(), max: maxFailures },
    );
    return row ? toSubscription(row as SubscriptionRow) : undefined;
  }

  // --- post ledger ---

  async claimPost(ref: ChannelRef, localDate: string, at: Date, priorAttempts?: number): Promise<boolean> {
    const args = { ...key(ref), localDate, at: at.getTime(), prior: priorAttempts ?? 0 };
    if (priorAttempts === undefined) {
      const sql = `INSERT INTO posts (platform, channel_id, local_date, status, attempts, claimed_at)
                   VALUES (@platform, @channelId, @localDate, 'sending', 1, @at) ON CONFLICT DO NOTHING`;
      return (await this.#run(sql, args)).changes === 1;
    }
    // Compare-and-set: only the process that saw this exact failed attempt may retry it.
    const sql = `UPDATE posts SET status = 'sending', attempts = attempts + 1, claimed_at = @at,
                   finished_at = NULL, error = NULL
                 WHERE ${KEY} AND local_date = @localDate AND status = 'failed' AND attempts = @prior`;
    return (await this.#run(sql, args)).changes === 1;
  }

  async reclaimPost(...[ref, localDate, prior, at]: Parameters<PostLedger['reclaimPost']>): Promise<boolean> {
    const sql = `UPDATE posts SET attempts = attempts + 1, claimed_at = @at
                 WHERE ${KEY} AND local_date = @localDate AND status = 'sending' AND attempts = @prior
                   AND claimed_at = @priorAt`;
    const args = {
      ...key(ref),
      localDate,
      at: at.getTime(),
      prior: prior.attempts,
      priorAt: prior.claimedAt.getTime(),
    };
    return (await this.#run(sql, args)).changes === 1;
  }

  async finishPost(...[ref, localDate, outcome, at]: Parameters<PostLedger['finishPost']>): Promise<void> {
    const args = {
      ...key(ref),
      localDate,
      at: at.getTime(),
      status: outcome.status,
      items: outcome.status === 'failed' ? null : outcome.items,
      error: outcome.status === 'failed' ? outcome.error : null,
    };
    const finish = this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE posts SET status = @status, finished_at = @at, items = @items, error = @error
           WHERE ${KEY} AND local_date = @localDate`,
        )
        .run(args);
      if (outcome.status === 'sent') {
        this.#db
          .prepare(`UPDATE subscriptions SET failures = 0, last_error = NULL WHERE ${KEY}`)
          .run(key(ref));
      }
    });
    await retryBusy(() => finish());
  }

  async getPost(ref: ChannelRef, localDate: string): Promise<PostEntry | undefined> {
    const sql = `SELECT * FROM posts WHERE ${KEY} AND local_date = @localDate`;
    const row = await this.#get(sql, { ...key(ref), localDate });
    return row ? toPost(row as PostRow) : undefined;
  }

  async postsSince(fromDate: string): Promise<PostEntry[]> {
    const rows = await this.#all('SELECT * FROM posts WHERE local_date >= ? ORDER BY local_date', fromDate);
    return (rows as PostRow[]).map(toPost);
  }

  async lastPost(ref: ChannelRef): Promise<PostEntry | undefined> {
    const sql = `SELECT * FROM posts WHERE ${KEY} ORDER BY local_date DESC LIMIT 1`;
    const row = await this.#get(sql, key(ref));
    return row ? toPost(row as PostRow) : undefined;
  }

  // --- answer sessions ---

  /** Creates or replaces a session; prunes expired ones here, at most hourly (works in every mode). */
  async saveSession(session: AnswerSession): Promise<void> {
    if (!session.id || session.id.length > MAX_SESSION_ID) {
      throw new RangeError(`session id must be 1 to ${MAX_SESSION_ID} characters`);
    }
    await this.#run(
      `INSERT OR REPLACE INTO answer_sessions (id, question, passage_ids, page_offset, owner_platform,
         owner_user_id, options, created_at, expires_at)
       VALUES (@id, @question, @passage_ids, @page_offset, @owner_platform, @owner_user_id, @options,
         @created_at, @expires_at)`,
      sessionParams(session),
    );
    const now = session.createdAt.getTime();
    if (now - this.#lastPrune >= SESSION_PRUNE_EVERY_MS) await this.pruneSessions(session.createdAt);
  }

  async getSession(id: string, now: Date): Promise<AnswerSession | undefined> {
    const sql = 'SELECT * FROM answer_sessions WHERE id = ? AND expires_at > ?';
    const row = await this.#get(sql, id, now.getTime());
    return row ? toSession(row as SessionRow) : undefined;
  }

  async pruneSessions(now: Date): Promise<number> {
    this.#lastPrune = now.getTime();
    return (await this.#run('DELETE FROM answer_sessions WHERE expires_at <= ?', now.getTime())).changes;
  }

  // --- event ids ---

  /** An expired row is taken over by the same upsert, so the answer stays atomic. */
  async firstDelivery(eventId: string, at: Date): Promise<boolean> {
    const now = at.getTime();
    if (now - this.#lastEventPrune >= EVENT_PRUNE_EVERY_MS) {
      this.#lastEventPrune = now;
      await this.#run('DELETE FROM event_ids WHERE seen_at <= ?', now - EVENT_TTL_MS);
    }
    const sql = `INSERT INTO event_ids (event_id, seen_at) VALUES (?, ?)
                 ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at WHERE seen_at <= ?`;
    return (await this.#run(sql, eventId, now, now - EVENT_TTL_MS)).changes === 1;
  }
}
