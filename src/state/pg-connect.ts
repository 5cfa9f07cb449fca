import pg from 'pg';

/** `postgres://user@host:port/database` with no password or query, to name the server in messages. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    const user = decodeURIComponent(u.username);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user || '(default database)';
    return `postgres://${user ? `${user}@` : ''}${host}:${u.port || '5432'}/${database}`;
  } catch {
    return 'the PostgreSQL server in DATABASE_URL';
  }
}

/** An error as one line, without the URL's password even if a library echoed it. */
export function reason(err: unknown, url: string): string {
  const e = err as { message?: string; code?: string; errors?: unknown[] } | undefined;
  // Node's connect to a name with several addresses fails with an AggregateError and no message.
  const inner = e?.errors?.map((x) => (x as Error).message).join('; ');
  let text = e?.message || inner || e?.code || String(err);
  const password = passwordOf(url);
  if (password) text = text.split(password).join('***');
  return text.replace(/\s+/g, ' ').trim();
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A server that drops packets must fail the start in seconds, not hang it.
    connectionTimeoutMillis: 10_000,
    application_name: 'archivist',
  });
  // An idle connection dropped by the server must not crash the process: the pool discards it, and
  // the next query opens a new one (and fails, where it is reported, if the server is still away).
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` in a transaction on one connection; a connection that cannot roll back is discarded. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
