import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A real PostgreSQL server for the store tests (.ci/run starts one when none answers). Each test gets a
 * fresh schema or database of its own, so files running in parallel and any test order stay apart.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `fn` on one connection to `url` (default TEST_DATABASE_URL), then closes it. */
export async function withClient<T>(fn: (c: pg.Client) => Promise<T>, url = TEST_DATABASE_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const freshName = () => `archivist_test_${randomBytes(6).toString('hex')}`;

/** `url` whose connections use `schema` (libpq's `options` parameter, which node-postgres passes on). */
export function inSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export interface PgPlace {
  url: string;
  /** Drops it; close every store on it first. */
  drop(): Promise<void>;
}

/** An empty schema in the test database, and a URL that puts every table there. */
export async function freshSchema(): Promise<PgPlace> {
  const name = freshName();
  await withClient((c) => c.query(`CREATE SCHEMA ${name}`));
  return {
    url: inSchema(TEST_DATABASE_URL, name),
    drop: async () => {
      await withClient((c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
    },
  };
}

/** A new, empty database (tables land in its `public` schema, as in production). */
export async function freshDatabase(): Promise<PgPlace> {
  const name = freshName();
  // template0 never has sessions, so creating from it cannot collide with a parallel file's create.
  await withClient((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await withClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
