import type Database from 'better-sqlite3';

/**
 * Schema changes, in order. Each runs once, in a transaction, and bumps `schema_version`; never edit
 * a shipped step, append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     platform     TEXT    NOT NULL,
     channel_id   TEXT    NOT NULL,
     time         TEXT    NOT NULL,
     time_zone    TEXT    NOT NULL,
     source       TEXT    NOT NULL CHECK (source IN ('command', 'config')),
     created_by   TEXT,
     created_at   INTEGER NOT NULL,
     active_since INTEGER NOT NULL,
     failures     INTEGER NOT NULL DEFAULT 0,
     last_error   TEXT,
     disabled_at  INTEGER,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE posts (
     platform    TEXT    NOT NULL,
     channel_id  TEXT    NOT NULL,
     local_date  TEXT    NOT NULL,
     status      TEXT    NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'empty')),
     attempts    INTEGER NOT NULL,
     claimed_at  INTEGER NOT NULL,
     finished_at INTEGER,
     items       INTEGER,
     error       TEXT,
     PRIMARY KEY (platform, channel_id, local_date)
   );
   CREATE INDEX posts_by_date ON posts (local_date);
   CREATE TABLE feedback (
     answer_id   TEXT    NOT NULL,
     platform    TEXT    NOT NULL,
     user_id     TEXT    NOT NULL,
     channel_id  TEXT    NOT NULL,
     question    TEXT    NOT NULL,
     passage_ids TEXT    NOT NULL,
     vote        TEXT    NOT NULL CHECK (vote IN ('up', 'down')),
     at          INTEGER NOT NULL,
     PRIMARY KEY (answer_id, platform, user_id)
   );`,
  // 2: answer sessions, so buttons survive restarts and work on any replica.
  `CREATE TABLE answer_sessions (
     id            TEXT    NOT NULL PRIMARY KEY,
     question      TEXT    NOT NULL,
     passage_ids   TEXT    NOT NULL,
     page_offset   INTEGER NOT NULL,
     owner_platform TEXT   NOT NULL,
     owner_user_id TEXT    NOT NULL,
     options       TEXT,
     created_at    INTEGER NOT NULL,
     expires_at    INTEGER NOT NULL
   );
   CREATE INDEX answer_sessions_by_expiry ON answer_sessions (expires_at);`,
  // 3: event ids, so a Slack retry that reaches another process is answered once.
  `CREATE TABLE event_ids (
     event_id TEXT    NOT NULL PRIMARY KEY,
     seen_at  INTEGER NOT NULL
   );
   CREATE INDEX event_ids_by_time ON event_ids (seen_at);`,
  // 4: news feeds and the items taken from them (one row per GUID and per canonical URL).
  `CREATE TABLE feeds (
     url             TEXT        NOT NULL PRIMARY KEY,
     source          TEXT        NOT NULL CHECK (source IN ('command', 'config')),
     added_platform  TEXT,
     added_channel   TEXT,
     added_by        TEXT,
     created_at      INTEGER     NOT NULL,
     etag            TEXT,
     last_modified   TEXT,
     last_success_at INTEGER,
     last_error_at   INTEGER,
     last_error      TEXT,
     failures        INTEGER     NOT NULL DEFAULT 0,
     next_poll_at    INTEGER,
     paused_at       INTEGER,
     items_taken     INTEGER     NOT NULL DEFAULT 0
   );
   CREATE TABLE feed_items (
     item_key   TEXT        NOT NULL PRIMARY KEY,
     feed_url   TEXT        NOT NULL,
     slug       TEXT,
     claimed_at INTEGER     NOT NULL
   );`,
  // 5: saved-search alerts, the articles the archive has held (numbered in the order first seen), and
  // one delivery row per alert and article, claimed before posting.
  `CREATE TABLE alerts (
     id         INTEGER PRIMARY KEY AUTOINCREMENT,
     platform   TEXT    NOT NULL,
     channel_id TEXT    NOT NULL,
     search     TEXT    NOT NULL,
     created_by TEXT,
     created_at INTEGER NOT NULL,
     baseline   INTEGER NOT NULL
   );
   CREATE INDEX alerts_by_channel ON alerts (platform, channel_id);
   CREATE TABLE alert_articles (
     seq           INTEGER PRIMARY KEY AUTOINCREMENT,
     article_key   TEXT    NOT NULL UNIQUE,
     first_seen_at INTEGER NOT NULL
   );
   CREATE TABLE alert_deliveries (
     alert_id    INTEGER NOT NULL,
     article_key TEXT    NOT NULL,
     status      TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'no-match', 'failed')),
     claimed_at  INTEGER NOT NULL,
     finished_at INTEGER,
     error       TEXT,
     PRIMARY KEY (alert_id, article_key)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file to SCHEMA_VERSION; returns the version it found. Throws on a newer file. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  // IMMEDIATE takes the write lock first, so two processes starting at once migrate one after the other.
  return db
    .transaction(() => {
      const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
      const found = row?.version ?? 0;
      if (found > SCHEMA_VERSION) {
        throw new RangeError(
          `it was written by a newer Archivist (schema ${found}; this version knows up to ${SCHEMA_VERSION})`,
        );
      }
      for (let v = found; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] ?? '');
      if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
      // Always written, so a read-only file fails here, at start, not at the first post.
      else db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION);
      return found;
    })
    .immediate();
}
