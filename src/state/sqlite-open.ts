import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ArchivistError } from '../core/errors.js';
import { migrate } from './migrations.js';
import { BUSY_TIMEOUT_MS, OPEN_BUSY_TIMEOUT_MS } from './sqlite-busy.js';

/**
 * Opens the state file (creating its folder), in WAL mode, migrated, with the short busy wait every
 * store here retries on; each store (answers, feeds, alerts) holds a connection of its own. `refusal`
 * words the ArchivistError('STATE_STORE') for the store that could not open it.
 */
export function openSqliteFile(file: string, refusal: (why: string) => string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: OPEN_BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db?.close();
    const why = err instanceof Error ? err.message : String(err);
    throw new ArchivistError('STATE_STORE', refusal(why), { cause: err });
  }
}
