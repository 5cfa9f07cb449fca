import type Database from 'better-sqlite3';
import type { Feed, FeedInput, FeedSource, FeedStore, FeedSuccess } from '../core/feed-state.js';
import { type FeedRow, shortError, toFeed } from './feed-rows.js';
import { retryBusy } from './sqlite-busy.js';
import { openSqliteFile } from './sqlite-open.js';

/**
 * Feeds and taken items in the state store's SQLite file, on a connection of their own (the feed
 * poller's writes then never sit inside an answer's statement). Same lock rules as SqliteStateStore:
 * short synchronous waits, retried on timers.
 */
export class SqliteFeedStore implements FeedStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Opens (and migrates) the file; ArchivistError('STATE_STORE') if it cannot. */
  static open(file: string): SqliteFeedStore {
    return new SqliteFeedStore(openSqliteFile(file, (why) => `cannot keep feeds in ${file} (${why})`));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #feed(url: string): Feed | undefined {
    const row = this.#db.prepare('SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
    return row ? toFeed(row) : undefined;
  }

  async listFeeds(): Promise<Feed[]> {
    const rows = await retryBusy(() =>
      this.#db.prepare('SELECT * FROM feeds ORDER BY created_at, url').all(),
    );
    return (rows as FeedRow[]).map(toFeed);
  }

  async getFeed(url: string): Promise<Feed | undefined> {
    return retryBusy(() => this.#feed(url));
  }

  async saveFeed(input: FeedInput, at: Date): Promise<{ feed: Feed; created: boolean }> {
    const save = this.#db.transaction(() => {
      const old = this.#feed(input.url);
      if (old && input.source === 'config' && old.source === 'command') return { feed: old, created: false };
      if (old) {
        // Added again: un-paused, errors forgotten, polled at the next tick.
        this.#db
          .prepare(
            // A FEEDS feed added again by command stays a FEEDS feed (listed so, removed with FEEDS).
            `UPDATE feeds SET source = CASE WHEN source = 'config' THEN source ELSE ? END, failures = 0,
               paused_at = NULL, next_poll_at = NULL,
               added_platform = COALESCE(?, added_platform), added_channel = COALESCE(?, added_channel),
               added_by = COALESCE(?, added_by)
             WHERE url = ?`,
          )
          .run(
            input.source,
            input.addedIn?.platform ?? null,
            input.addedIn?.channelId ?? null,
            input.addedBy ?? null,
            input.url,
          );
      } else {
        this.#db
          .prepare(
            `INSERT INTO feeds (url, source, added_platform, added_channel, added_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.url,
            input.source,
            input.addedIn?.platform ?? null,
            input.addedIn?.channelId ?? null,
            input.addedBy ?? null,
            at.getTime(),
          );
      }
      return { feed: this.#feed(input.url) as Feed, created: !old };
    });
    return retryBusy(() => save.immediate());
  }

  async removeFeed(url: string, onlySource?: FeedSource): Promise<Feed | undefined> {
    const remove = this.#db.transaction(() => {
      const old = this.#feed(url);
      if (!old || (onlySource && old.source !== onlySource)) return undefined;
      this.#db.prepare('DELETE FROM feeds WHERE url = ?').run(url);
      return old;
    });
    return retryBusy(() => remove.immediate());
  }

  async recordFeedSuccess(url: string, o: FeedSuccess, at: Date): Promise<void> {
    await retryBusy(() =>
      this.#db
        .prepare(
          `UPDATE feeds SET etag = ?, last_modified = ?, last_success_at = ?, failures = 0,
             next_poll_at = NULL, items_taken = items_taken + ? WHERE url = ?`,
        )
        .run(o.etag ?? null, o.lastModified ?? null, at.getTime(), o.taken, url),
    );
  }

  async recordFeedFailure(
    url: string,
    error: string,
    at: Date,
    nextPollAt: Date,
    maxFailures: number,
  ): Promise<Feed | undefined> {
    const record = this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE feeds SET failures = failures + 1, last_error = ?, last_error_at = ?, next_poll_at = ?,
             paused_at = CASE WHEN paused_at IS NULL AND failures + 1 >= ? THEN ? ELSE paused_at END
           WHERE url = ?`,
        )
        .run(shortError(error), at.getTime(), nextPollAt.getTime(), maxFailures, at.getTime(), url);
      return this.#feed(url);
    });
    return retryBusy(() => record.immediate());
  }

  async knownItems(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await retryBusy(() =>
      this.#db
        .prepare(`SELECT item_key FROM feed_items WHERE item_key IN (${keys.map(() => '?').join(',')})`)
        .all(...keys),
    );
    return new Set((rows as Array<{ item_key: string }>).map((r) => r.item_key));
  }

  async claimItem(keys: readonly string[], feedUrl: string, at: Date): Promise<boolean> {
    const claim = this.#db.transaction(() => {
      const insert = this.#db.prepare(
        'INSERT OR IGNORE INTO feed_items (item_key, feed_url, claimed_at) VALUES (?, ?, ?)',
      );
      for (const k of keys) {
        if (insert.run(k, feedUrl, at.getTime()).changes === 0) throw new Taken();
      }
      return true;
    });
    try {
      return await retryBusy(() => claim.immediate());
    } catch (err) {
      if (err instanceof Taken) return false;
      throw err;
    }
  }

  async finishItem(keys: readonly string[], outcome: { slug: string } | { released: true }): Promise<void> {
    const marks = keys.map(() => '?').join(',');
    await retryBusy(() =>
      'slug' in outcome
        ? this.#db
            .prepare(`UPDATE feed_items SET slug = ? WHERE item_key IN (${marks})`)
            .run(outcome.slug, ...keys)
        : this.#db.prepare(`DELETE FROM feed_items WHERE item_key IN (${marks})`).run(...keys),
    );
  }
}

/** Thrown inside the claim transaction to roll back the keys already inserted. */
class Taken extends Error {}
