import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/core/memory-sessions.js';
import { newSessionId } from '../../src/core/sessions.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/state/migrations.js';
import { SESSION_PRUNE_EVERY_MS, SqliteStateStore } from '../../src/state/sqlite-store.js';
import { tempDir } from '../daily/helpers.js';
import { at, session, sessionContract, T0 } from './session-contract.js';

let dir: string;
let cleanup: () => Promise<void>;
const open: SqliteStateStore[] = [];
const sqliteAt = (file = path.join(dir, 'state.db')) => {
  const s = SqliteStateStore.open(file);
  open.push(s);
  return s;
};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('archivist-sessions-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await cleanup();
});

describe('answer sessions (memory)', () => {
  sessionContract(async () => new MemorySessionStore());
});

describe('answer sessions in SQLite', () => {
  it('survive closing and reopening the file (a restart)', async () => {
    const file = path.join(dir, 'var', 'archivist.db');
    const a = sqliteAt(file);
    const saved = session({ owner: { platform: 'slack', userId: 'U0ASKER' } });
    await a.saveSession(saved);
    await a.close();
    expect(await sqliteAt(file).getSession(saved.id, at(3_600_000))).toEqual(saved);
  });

  it('are added to a file written by the previous schema, keeping its data', async () => {
    const file = path.join(dir, 'old.db');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0] ?? '');
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1)');
    raw
      .prepare(
        `INSERT INTO subscriptions (platform, channel_id, time, time_zone, source, created_at, active_since)
         VALUES ('discord', '1', '09:00', 'UTC', 'command', 0, 0)`,
      )
      .run();
    raw.close();
    const s = sqliteAt(file);
    expect(await s.listSubscriptions()).toHaveLength(1);
    const saved = session();
    await s.saveSession(saved);
    expect(await s.getSession(saved.id, T0)).toEqual(saved);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT version FROM schema_version').get()).toEqual({ version: SCHEMA_VERSION });
    check.close();
  });

  it('prunes expired rows on save, at most once per interval', async () => {
    const s = sqliteAt();
    const stale = session({ expiresAt: at(1000) });
    await s.saveSession(stale); // the first save prunes (nothing yet)
    await s.saveSession(session({ createdAt: at(2000) })); // too soon for another prune
    const raw = new Database(s.file, { readonly: true });
    const count = () => (raw.prepare('SELECT COUNT(*) AS n FROM answer_sessions').get() as { n: number }).n;
    expect(count()).toBe(2);
    await s.saveSession(session({ createdAt: at(SESSION_PRUNE_EVERY_MS) }));
    expect(count()).toBe(2); // the stale one went, the new one came
    expect(raw.prepare('SELECT id FROM answer_sessions WHERE id = ?').get(stale.id)).toBeUndefined();
    raw.close();
  });
});

describe('answer sessions in memory', () => {
  it('keeps at most `max`, dropping the oldest first (a re-saved one counts as new)', async () => {
    const s = new MemorySessionStore(2);
    const [a, b, c] = [session(), session(), session()];
    await s.saveSession(a);
    await s.saveSession(b);
    await s.saveSession(a);
    await s.saveSession(c);
    expect(s.size).toBe(2);
    expect(await s.getSession(b.id, T0)).toBeUndefined();
    expect(await s.getSession(a.id, T0)).toEqual(a);
    expect(await s.getSession(c.id, T0)).toEqual(c);
  });
});

describe('newSessionId', () => {
  it('is 10 url-safe characters and does not repeat', () => {
    const ids = Array.from({ length: 1000 }, newSessionId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
