import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ArchivistError } from '../../src/core/errors.js';
import { openConfiguredStore } from '../../src/state/open.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../src/state/pg-migrations.js';
import { PostgresStateStore } from '../../src/state/postgres-store.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { tempDir } from '../daily/helpers.js';
import { describeStateStore } from './contract.js';
import { freshDatabase, freshSchema, type PgPlace, withClient } from './pg-fixture.js';

describeStateStore('PostgreSQL', async () => {
  const place = await freshSchema();
  return { open: () => PostgresStateStore.open(place.url), cleanup: place.drop };
});

const ref = { platform: 'slack' as const, channelId: 'C0GENERAL' };
const t = (iso: string) => new Date(iso);

const stores: PostgresStateStore[] = [];
const places: PgPlace[] = [];
const track = async (s: Promise<PostgresStateStore>) => {
  const store = await s;
  stores.push(store);
  return store;
};
const place = async (make: () => Promise<PgPlace>) => {
  const p = await make();
  places.push(p);
  return p;
};
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const p of places.splice(0)) await p.drop();
});

async function storeError(url: string): Promise<ArchivistError> {
  const err = await PostgresStateStore.open(url).then(
    (s) => s.close().then(() => undefined),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArchivistError);
  expect((err as ArchivistError).code).toBe('STATE_STORE');
  return err as ArchivistError;
}

describe('PostgreSQL state store: migrations', () => {
  it('lets several replicas migrate the same empty database at once', async () => {
    const db = await place(freshDatabase);
    const opened = await Promise.allSettled([1, 2, 3, 4].map(() => track(PostgresStateStore.open(db.url))));
    expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const versions = await withClient((c) => c.query('SELECT version FROM schema_version'), db.url);
    expect(versions.rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
    const a = stores[0] as PostgresStateStore;
    expect(await a.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:00Z'))).toBe(true);
    expect(await (stores[3] as PostgresStateStore).getPost(ref, '2026-06-10')).toMatchObject({ attempts: 1 });
  });

  it('upgrades a schema written by an older version, keeping its data', async () => {
    const s = await place(freshSchema);
    await withClient(async (c) => {
      await c.query(`${PG_MIGRATIONS[0]} ${PG_MIGRATIONS[1]}`);
      await c.query(
        'CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (2)',
      );
      await c.query(
        `INSERT INTO subscriptions (platform, channel_id, time, time_zone, source, created_at, active_since)
         VALUES ('slack', 'C0GENERAL', '09:00', 'UTC', 'command', now(), now())`,
      );
    }, s.url);
    const store = await track(PostgresStateStore.open(s.url));
    expect((await store.getSubscription(ref))?.time).toBe('09:00');
    expect(await store.firstDelivery('Ev1', t('2026-06-10T09:00:00Z'))).toBe(true);
    const versions = await withClient((c) => c.query('SELECT version FROM schema_version'), s.url);
    expect(versions.rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
  });

  it('refuses a schema written by a newer version', async () => {
    const s = await place(freshSchema);
    await (await PostgresStateStore.open(s.url)).close();
    await withClient((c) => c.query('UPDATE schema_version SET version = 99'), s.url);
    expect((await storeError(s.url)).message).toMatch(/newer Archivist \(schema 99.*DATABASE_URL/);
  });
});

describe('PostgreSQL state store: several replicas', () => {
  it('gives each post to exactly one of three stores racing for it, first claim and retry', async () => {
    const s = await place(freshSchema);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => track(PostgresStateStore.open(s.url))));
    const replicas = [a, b, c] as PostgresStateStore[];
    const channels = Array.from({ length: 12 }, (_, i) => ({ ...ref, channelId: `C${i}` }));
    const claim = (r: typeof ref, prior?: number) =>
      Promise.all(replicas.map((x) => x.claimPost(r, '2026-06-10', t('2026-06-10T09:00:00Z'), prior)));
    const firsts = await Promise.all(channels.map((r) => claim(r)));
    expect(firsts.map((w) => w.filter(Boolean).length)).toEqual(channels.map(() => 1));
    const failed = { status: 'failed' as const, error: 'timeout' };
    await Promise.all(channels.map((r) => a?.finishPost(r, '2026-06-10', failed, t('2026-06-10T09:00:05Z'))));
    const retries = await Promise.all(channels.map((r) => claim(r, 1)));
    expect(retries.map((w) => w.filter(Boolean).length)).toEqual(channels.map(() => 1));
    const rows = await withClient((c) => c.query('SELECT DISTINCT attempts, status FROM posts'), s.url);
    expect(rows.rows).toEqual([{ attempts: 2, status: 'sending' }]);
  });
});

describe('PostgreSQL state store: a server it cannot use', () => {
  it('is one line naming host, port and database, never the password', async () => {
    const err = await storeError('postgres://archivist:s3cret-pw@127.0.0.1:1/newsroom');
    expect(err.message).toMatch(
      /PostgreSQL state store postgres:\/\/archivist@127\.0\.0\.1:1\/newsroom \(.*ECONNREFUSED/,
    );
    expect(err.message).not.toMatch(/s3cret/);
    expect(err.message).not.toMatch(/\n/);
  });

  it('names a database that does not exist', async () => {
    const u = new URL((await place(freshSchema)).url);
    u.pathname = '/archivist_no_such_db';
    u.password = 'pw-not-shown';
    const err = await storeError(u.toString());
    expect(err.message).toContain(`${u.hostname}:${u.port || 5432}/archivist_no_such_db (`);
    expect(err.message).toMatch(/does not exist\)/);
    expect(err.message).not.toMatch(/pw-not-shown/);
  });
});

describe('choosing the state store', () => {
  it('uses PostgreSQL when DATABASE_URL is set, else the SQLite file', async () => {
    const s = await place(freshSchema);
    const pgStore = await openConfiguredStore({ databaseUrl: s.url, stateDb: '/nonexistent/never-used.db' });
    await pgStore.close();
    expect(pgStore).toBeInstanceOf(PostgresStateStore);
    const dir = await tempDir('archivist-open-');
    const sqlite = await openConfiguredStore({ stateDb: path.join(dir.dir, 'state.db') });
    await sqlite.close();
    await dir.cleanup();
    expect(sqlite).toBeInstanceOf(SqliteStateStore);
  });

  it('accepts only postgres URLs in DATABASE_URL, without echoing the value', () => {
    const load = (DATABASE_URL: string) => loadConfig({ env: { DATABASE_URL }, dotenvDir: false });
    expect(load('postgres://a:b@db:5432/x').databaseUrl).toBe('postgres://a:b@db:5432/x');
    expect(load('postgresql://db/x').databaseUrl).toBe('postgresql://db/x');
    expect(load('').databaseUrl).toBeUndefined();
    expect(() => load('mysql://root:hunter2@db/x')).toThrow(/DATABASE_URL must be a postgres:\/\//);
    expect(() => load('mysql://root:hunter2@db/x')).not.toThrow(/hunter2/);
  });
});
