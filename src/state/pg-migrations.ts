import type { PoolClient } from 'pg';

/**
 * The PostgreSQL schema, step for step the one in migrations.ts, so a schema version means the same
 * tables in both stores. Never edit a shipped step; append a new one.
 * Times are timestamptz, not bigint milliseconds: node-postgres reads and writes them as Dates with no
 * conversion (its bigint comes back as a string), they keep a Date's milliseconds exactly (microsecond
 * precision), and an operator reading the tables in psql sees real times.
 * Passage ids are text[]; answer-session options are jsonb.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     platform     text        NOT NULL,
     channel_id   text        NOT NULL,
     time         text        NOT NULL,
     time_zone    text        NOT NULL,
     source       text        NOT NULL CHECK (source IN ('command', 'config')),
     created_by   text,
     created_at   timestamptz NOT NULL,
     active_since timestamptz NOT NULL,
     failures     integer     NOT NULL DEFAULT 0,
     last_error   text,
     disabled_at  timestamptz,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE posts (
     platform    text        NOT NULL,
     channel_id  text        NOT NULL,
     local_date  text        NOT NULL,
     status      text        NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'empty')),
     attempts    integer     NOT NULL,
     claimed_at  timestamptz NOT NULL,
     finished_at timestamptz,
     items       integer,
     error       text,
     PRIMARY KEY (platform, channel_id, local_date)
   );
   CREATE INDEX posts_by_date ON posts (local_date);
   CREATE TABLE feedback (
     answer_id   text        NOT NULL,
     platform    text        NOT NULL,
     user_id     text        NOT NULL,
     channel_id  text        NOT NULL,
     question    text        NOT NULL,
     passage_ids text[]      NOT NULL,
     vote        text        NOT NULL CHECK (vote IN ('up', 'down')),
     at          timestamptz NOT NULL,
     PRIMARY KEY (answer_id, platform, user_id)
   );`,
  // 2: answer sessions, so buttons survive restarts and work on any replica.
  `CREATE TABLE answer_sessions (
     id             text        NOT NULL PRIMARY KEY,
     question       text        NOT NULL,
     passage_ids    text[]      NOT NULL,
     page_offset    integer     NOT NULL,
     owner_platform text        NOT NULL,
     owner_user_id  text        NOT NULL,
     options        jsonb,
     created_at     timestamptz NOT NULL,
     expires_at     timestamptz NOT NULL
   );
   CREATE INDEX answer_sessions_by_expiry ON answer_sessions (expires_at);`,
  // 3: event ids, so a Slack retry that reaches another replica is answered once.
  `CREATE TABLE event_ids (
     event_id text        NOT NULL PRIMARY KEY,
     seen_at  timestamptz NOT NULL
   );
   CREATE INDEX event_ids_by_time ON event_ids (seen_at);`,
  // 4: news feeds and the items taken from them (one row per GUID and per canonical URL).
  `CREATE TABLE feeds (
     url             text        NOT NULL PRIMARY KEY,
     source          text        NOT NULL CHECK (source IN ('command', 'config')),
     added_platform  text,
     added_channel   text,
     added_by        text,
     created_at      timestamptz NOT NULL,
     etag            text,
     last_modified   text,
     last_success_at timestamptz,
     last_error_at   timestamptz,
     last_error      text,
     failures        integer     NOT NULL DEFAULT 0,
     next_poll_at    timestamptz,
     paused_at       timestamptz,
     items_taken     integer     NOT NULL DEFAULT 0
   );
   CREATE TABLE feed_items (
     item_key   text        NOT NULL PRIMARY KEY,
     feed_url   text        NOT NULL,
     slug       text,
     claimed_at timestamptz NOT NULL
   );`,
  // 5: saved-search alerts, the articles the archive has held (numbered in the order first seen), and
  // one delivery row per alert and article, claimed before posting.
  `CREATE TABLE alerts (
     id         integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     platform   text        NOT NULL,
     channel_id text        NOT NULL,
     search     text        NOT NULL,
     created_by text,
     created_at timestamptz NOT NULL,
     baseline   integer     NOT NULL
   );
   CREATE INDEX alerts_by_channel ON alerts (platform, channel_id);
   CREATE TABLE alert_articles (
     seq           integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     article_key   text        NOT NULL UNIQUE,
     first_seen_at timestamptz NOT NULL
   );
   CREATE TABLE alert_deliveries (
     alert_id    integer     NOT NULL,
     article_key text        NOT NULL,
     status      text        NOT NULL CHECK (status IN ('claimed', 'sent', 'no-match', 'failed')),
     claimed_at  timestamptz NOT NULL,
     finished_at timestamptz,
     error       text,
     PRIMARY KEY (alert_id, article_key)
   );`,
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/**
 * Archivist's advisory locks use the two-key form with this first key ('ARCV'), so they never meet
 * another application's one-key locks in a shared database.
 */
export const LOCK_SPACE = 0x41524356;
/** Second keys within LOCK_SPACE. Subscription saves use hashtext(channel) in LOCK_SPACE + 1. */
const MIGRATION_LOCK = 0;

/**
 * Brings the schema to PG_SCHEMA_VERSION inside the caller's transaction; returns the version found.
 * The advisory lock comes first, before even `CREATE TABLE IF NOT EXISTS` (which races on an empty
 * database): replicas starting at once queue on it, and each one after the first finds the work done.
 * The lock ends with the transaction, so a replica killed mid-migration leaves nothing held or half-done.
 */
export async function migratePg(client: PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
  await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
  const found = rows[0]?.version ?? 0;
  if (found > PG_SCHEMA_VERSION) {
    throw new RangeError(
      `it was written by a newer Archivist (schema ${found}; this version knows up to ${PG_SCHEMA_VERSION})`,
    );
  }
  for (let v = found; v < PG_SCHEMA_VERSION; v++) await client.query(PG_MIGRATIONS[v] ?? '');
  // Always written, so a role without write rights fails here, at start, not at the first post.
  if (rows.length === 0) {
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
  } else {
    await client.query('UPDATE schema_version SET version = $1', [PG_SCHEMA_VERSION]);
  }
  return found;
}
