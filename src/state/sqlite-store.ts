import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Platform } from '../core/command.js';
import { ArchivistError } from '../core/errors.js';
import type {
  ChannelRef,
  FeedbackRecord,
  PostEntry,
  PostLedger,
  StateStore,
  Subscription,
  SubscriptionInput,
} from '../core/state.js';
import { migrate } from './migrations.js';

interface SubscriptionRow {
  platform: Platform;
  channel_id: string;
  time: string;
  time_zone: string;
  source: Subscription['source'];
  created_by: string | null;
  created_at: number;
  active_since: number;
  failures: number;
  last_error: string | null;
  disabled_at: number | null;
}

interface PostRow {
  platform: Platform;
  channel_id: string;
  local_date: string;
  status: PostEntry['status'];
  attempts: number;
  claimed_at: number;
  finished_at: number | null;
  items: number | null;
  error: string | null;
}

const KEY = 'platform = @platform AND channel_id = @channelId';

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    platform: r.platform,
    channelId: r.channel_id,
    time: r.time,
    timeZone: r.time_zone,
    source: r.source,
    ...(r.created_by ? { createdBy: r.created_by } : {}),
    createdAt: new Date(r.created_at),
    activeSince: new Date(r.active_since),
    failures: r.failures,
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.disabled_at !== null ? { disabledAt: new Date(r.disabled_at) } : {}),
  };
}

function toPost(r: PostRow): PostEntry {
  return {
    platform: r.platform,
    channelId: r.channel_id,
    localDate: r.local_date,
    status: r.status,
    attempts: r.attempts,
    claimedAt: new Date(r.claimed_at),
    ...(r.finished_at !== null ? { finishedAt: new Date(r.finished_at) } : {}),
    ...(r.items !== null ? { items: r.items } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

const key = (ref: ChannelRef) => ({ platform: ref.platform, channelId: ref.channelId });

/**
 * The embedded state store: one SQLite file (WAL mode) holding subscriptions, the post ledger and
 * answer feedback. Every write is a single statement or a transaction, so a crash leaves either the
 * old or the new state, and two processes on the same file are serialised by SQLite's locks.
 */
export class SqliteStateStore implements StateStore {
  readonly file: string;
  readonly #db: Database.Database;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
  }

  /** Opens (creating folder and file if needed) and migrates; ArchivistError('STATE_STORE') if it cannot. */
  static open(file: string): SqliteStateStore {
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file, { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
      return new SqliteStateStore(file, db);
    } catch (err) {
      db?.close();
      const why = err instanceof Error ? err.message : String(err);
      throw new ArchivistError(
        'STATE_STORE',
        `cannot use the state store ${file} (${why}). It must be a writable SQLite file in a writable folder: fix its permissions, or point STATE_DB elsewhere.`,
        { cause: err },
      );
    }
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  // --- feedback ---

  recordFeedback(r: FeedbackRecord & { answerId: string }): void {
    this.#db
      .prepare(
        `INSERT INTO feedback (answer_id, platform, user_id, channel_id, question, passage_ids, vote, at)
         VALUES (@answerId, @platform, @userId, @channelId, @question, @passageIds, @vote, @at)
         ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      )
      .run({
        answerId: r.answerId,
        platform: r.platform,
        userId: r.userId,
        channelId: r.channelId,
        question: r.question,
        passageIds: JSON.stringify(r.passageIds),
        vote: r.vote,
        at: r.at.getTime(),
      });
  }

  /** Votes per answer, for reports and tests. */
  feedbackTotals(): Array<{ answerId: string; up: number; down: number }> {
    return this.#db
      .prepare(
        `SELECT answer_id AS answerId, SUM(vote = 'up') AS up, SUM(vote = 'down') AS down
         FROM feedback GROUP BY answer_id ORDER BY answer_id`,
      )
      .all() as Array<{ answerId: string; up: number; down: number }>;
  }

  // --- subscriptions ---

  listSubscriptions(): Subscription[] {
    const rows = this.#db.prepare('SELECT * FROM subscriptions ORDER BY platform, channel_id').all();
    return (rows as SubscriptionRow[]).map(toSubscription);
  }

  getSubscription(ref: ChannelRef): Subscription | undefined {
    const row = this.#db.prepare(`SELECT * FROM subscriptions WHERE ${KEY}`).get(key(ref));
    return row ? toSubscription(row as SubscriptionRow) : undefined;
  }

  saveSubscription(input: SubscriptionInput, at: Date): Subscription {
    return this.#db
      .transaction(() => {
        const old = this.getSubscription(input);
        const same = old && old.time === input.time && old.timeZone === input.timeZone;
        if (old && same && !old.disabledAt && old.source === input.source) return old;
        const activeSince = old && same && !old.disabledAt ? old.activeSince : at;
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
            activeSince: activeSince.getTime(),
          });
        return this.getSubscription(input) as Subscription;
      })
      .immediate();
  }

  removeSubscription(ref: ChannelRef): boolean {
    return this.#db.prepare(`DELETE FROM subscriptions WHERE ${KEY}`).run(key(ref)).changes > 0;
  }

  recordFailure(ref: ChannelRef, error: string, at: Date, maxFailures: number): Subscription | undefined {
    this.#db
      .prepare(
        `UPDATE subscriptions SET failures = failures + 1, last_error = @error,
           disabled_at = CASE WHEN failures + 1 >= @max THEN COALESCE(disabled_at, @at) ELSE disabled_at END
         WHERE ${KEY}`,
      )
      .run({ ...key(ref), error, at: at.getTime(), max: maxFailures });
    return this.getSubscription(ref);
  }

  // --- post ledger ---

  claimPost(ref: ChannelRef, localDate: string, at: Date, priorAttempts?: number): boolean {
    const args = { ...key(ref), localDate, at: at.getTime(), prior: priorAttempts ?? 0 };
    if (priorAttempts === undefined) {
      const sql = `INSERT INTO posts (platform, channel_id, local_date, status, attempts, claimed_at)
                   VALUES (@platform, @channelId, @localDate, 'sending', 1, @at) ON CONFLICT DO NOTHING`;
      return this.#db.prepare(sql).run(args).changes === 1;
    }
    // Compare-and-set: only the process that saw this exact failed attempt may retry it.
    const sql = `UPDATE posts SET status = 'sending', attempts = attempts + 1, claimed_at = @at,
                   finished_at = NULL, error = NULL
                 WHERE ${KEY} AND local_date = @localDate AND status = 'failed' AND attempts = @prior`;
    return this.#db.prepare(sql).run(args).changes === 1;
  }

  finishPost(...[ref, localDate, outcome, at]: Parameters<PostLedger['finishPost']>): void {
    const args = {
      ...key(ref),
      localDate,
      at: at.getTime(),
      status: outcome.status,
      items: outcome.status === 'failed' ? null : outcome.items,
      error: outcome.status === 'failed' ? outcome.error : null,
    };
    this.#db.transaction(() => {
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
    })();
  }

  getPost(ref: ChannelRef, localDate: string): PostEntry | undefined {
    const row = this.#db
      .prepare(`SELECT * FROM posts WHERE ${KEY} AND local_date = @localDate`)
      .get({ ...key(ref), localDate });
    return row ? toPost(row as PostRow) : undefined;
  }

  postsSince(fromDate: string): PostEntry[] {
    const rows = this.#db
      .prepare('SELECT * FROM posts WHERE local_date >= ? ORDER BY local_date')
      .all(fromDate);
    return (rows as PostRow[]).map(toPost);
  }

  lastPost(ref: ChannelRef): PostEntry | undefined {
    const row = this.#db
      .prepare(`SELECT * FROM posts WHERE ${KEY} ORDER BY local_date DESC LIMIT 1`)
      .get(key(ref));
    return row ? toPost(row as PostRow) : undefined;
  }
}

/** Opens the state store at `file` (default path comes from config: var/archivist.db). */
export function openStateStore(file: string): SqliteStateStore {
  return SqliteStateStore.open(file);
}
