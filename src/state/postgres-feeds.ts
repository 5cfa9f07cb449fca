import type pg from 'pg';
import { ArchivistError } from '../core/errors.js';
import type { Feed, FeedInput, FeedSource, FeedStore, FeedSuccess } from '../core/feed-state.js';
import { type FeedRow, shortError, toFeed } from './feed-rows.js';
import { createPool, describeTarget, inTransaction, reason } from './pg-connect.js';
import { migratePg } from './pg-migrations.js';

/**
 * Feeds and taken items in PostgreSQL, shared by every replica. An item claim is one transaction of
 * `INSERT … ON CONFLICT DO NOTHING` per key: a replica claiming the same key at the same moment waits
 * on the first one's row and then finds it taken, so exactly one writes the item.
 */
export class PostgresFeedStore implements FeedStore {
  readonly #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open(url: string): Promise<PostgresFeedStore> {
    const pool = createPool(url);
    try {
      await inTransaction(pool, migratePg);
      return new PostgresFeedStore(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new ArchivistError(
        'STATE_STORE',
        `cannot keep feeds in ${describeTarget(url)} (${reason(err, url)})`,
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #feeds(sql: string, params: unknown[], on: pg.Pool | pg.PoolClient = this.#pool): Promise<Feed[]> {
    return ((await on.query(sql, params)).rows as FeedRow[]).map(toFeed);
  }

  async listFeeds(): Promise<Feed[]> {
    return this.#feeds('SELECT * FROM feeds ORDER BY created_at, url', []);
  }

  async getFeed(url: string): Promise<Feed | undefined> {
    return (await this.#feeds('SELECT * FROM feeds WHERE url = $1', [url]))[0];
  }

  async saveFeed(input: FeedInput, at: Date): Promise<{ feed: Feed; created: boolean }> {
    return inTransaction(this.#pool, async (c) => {
      const params = [
        input.url,
        input.source,
        input.addedIn?.platform ?? null,
        input.addedIn?.channelId ?? null,
        input.addedBy ?? null,
        at,
      ];
      const inserted = await this.#feeds(
        `INSERT INTO feeds (url, source, added_platform, added_channel, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (url) DO NOTHING RETURNING *`,
        params,
        c,
      );
      if (inserted[0]) return { feed: inserted[0], created: true };
      // There already: lock it, and un-pause it unless a config save meets a command feed.
      const [old] = await this.#feeds('SELECT * FROM feeds WHERE url = $1 FOR UPDATE', [input.url], c);
      if (!old) throw new Error(`feed ${input.url} vanished while being saved; try again`);
      if (input.source === 'config' && old.source === 'command') return { feed: old, created: false };
      const [feed] = await this.#feeds(
        // A FEEDS feed added again by command stays a FEEDS feed (listed so, removed with FEEDS).
        `UPDATE feeds SET source = CASE WHEN source = 'config' THEN source ELSE $2 END, failures = 0,
           paused_at = NULL, next_poll_at = NULL,
           added_platform = COALESCE($3, added_platform), added_channel = COALESCE($4, added_channel),
           added_by = COALESCE($5, added_by)
         WHERE url = $1 RETURNING *`,
        params.slice(0, 5),
        c,
      );
      return { feed: feed ?? old, created: false };
    });
  }

  async removeFeed(url: string, onlySource?: FeedSource): Promise<Feed | undefined> {
    const [old] = await this.#feeds(
      'DELETE FROM feeds WHERE url = $1 AND ($2::text IS NULL OR source = $2) RETURNING *',
      [url, onlySource ?? null],
    );
    return old;
  }

  async recordFeedSuccess(url: string, o: FeedSuccess, at: Date): Promise<void> {
    await this.#pool.query(
      `UPDATE feeds SET etag = $2, last_modified = $3, last_success_at = $4, failures = 0,
         next_poll_at = NULL, items_taken = items_taken + $5 WHERE url = $1`,
      [url, o.etag ?? null, o.lastModified ?? null, at, o.taken],
    );
  }

  async recordFeedFailure(
    url: string,
    error: string,
    at: Date,
    nextPollAt: Date,
    maxFailures: number,
  ): Promise<Feed | undefined> {
    const [feed] = await this.#feeds(
      `UPDATE feeds SET failures = failures + 1, last_error = $2, last_error_at = $3, next_poll_at = $4,
         paused_at = CASE WHEN paused_at IS NULL AND failures + 1 >= $5 THEN $3 ELSE paused_at END
       WHERE url = $1 RETURNING *`,
      [url, shortError(error), at, nextPollAt, maxFailures],
    );
    return feed;
  }

  async knownItems(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const { rows } = await this.#pool.query<{ item_key: string }>(
      'SELECT item_key FROM feed_items WHERE item_key = ANY($1::text[])',
      [keys],
    );
    return new Set(rows.map((r) => r.item_key));
  }

  async claimItem(keys: readonly string[], feedUrl: string, at: Date): Promise<boolean> {
    try {
      return await inTransaction(this.#pool, async (c) => {
        for (const k of keys) {
          const res = await c.query(
            `INSERT INTO feed_items (item_key, feed_url, claimed_at) VALUES ($1, $2, $3)
             ON CONFLICT (item_key) DO NOTHING`,
            [k, feedUrl, at],
          );
          if (res.rowCount === 0) throw new Taken();
        }
        return true;
      });
    } catch (err) {
      if (err instanceof Taken) return false;
      throw err;
    }
  }

  async finishItem(keys: readonly string[], outcome: { slug: string } | { released: true }): Promise<void> {
    if ('slug' in outcome) {
      await this.#pool.query('UPDATE feed_items SET slug = $2 WHERE item_key = ANY($1::text[])', [
        keys,
        outcome.slug,
      ]);
    } else {
      await this.#pool.query('DELETE FROM feed_items WHERE item_key = ANY($1::text[])', [keys]);
    }
  }
}

/** Thrown inside the claim transaction to roll back the keys already inserted. */
class Taken extends Error {}
