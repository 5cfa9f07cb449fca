import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchivistError } from '../../src/core/errors.js';
import { SCHEMA_VERSION } from '../../src/state/migrations.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { tempDir } from '../daily/helpers.js';
import { describeStateStore } from './contract.js';

describeStateStore('SQLite', async () => {
  const place = await tempDir('archivist-contract-');
  const file = path.join(place.dir, 'state.db');
  return { open: async () => SqliteStateStore.open(file), cleanup: place.cleanup };
});

let dir: string;
let cleanup: () => Promise<void>;
const open: SqliteStateStore[] = [];
const openAt = (file: string) => {
  const s = SqliteStateStore.open(file);
  open.push(s);
  return s;
};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('archivist-state-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await cleanup();
});

const ref = { platform: 'discord' as const, channelId: '123456789012345678' };
const t = (iso: string) => new Date(iso);

function expectStateStoreError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArchivistError);
    expect((err as ArchivistError).code).toBe('STATE_STORE');
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a STATE_STORE error');
}

describe('SQLite state store: file and schema', () => {
  it('creates the folder and file, records the schema version, and keeps data across reopen', async () => {
    const file = path.join(dir, 'nested', 'var', 'archivist.db');
    const a = openAt(file);
    await a.saveSubscription(
      { ...ref, time: '09:00', timeZone: 'UTC', source: 'command', createdBy: 'u1' },
      t('2026-01-01T00:00:00Z'),
    );
    await a.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: SCHEMA_VERSION }]);
    raw.close();
    const b = openAt(file);
    expect(await b.getSubscription(ref)).toMatchObject({
      time: '09:00',
      timeZone: 'UTC',
      createdBy: 'u1',
      failures: 0,
    });
  });

  it('refuses a file written by a newer version, a file that is not a database, and a folder', async () => {
    const newer = path.join(dir, 'newer.db');
    await openAt(newer).close();
    const raw = new Database(newer);
    raw.prepare('UPDATE schema_version SET version = 99').run();
    raw.close();
    expectStateStoreError(() => openAt(newer), /newer Archivist.*STATE_DB/s);

    const garbage = path.join(dir, 'notes.db');
    await writeFile(garbage, 'these are my notes, not a database\n'.repeat(200));
    expectStateStoreError(() => openAt(garbage), /notes\.db.*not a database/s);

    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    expectStateStoreError(() => openAt(folder), /a-folder/);
  });

  it('refuses a read-only file at start, not at the first post', async (ctx) => {
    // Root ignores permissions, so as root the check runs as `nobody`, in a child process; that needs
    // `nobody` to reach the project's files (a checkout under a private folder does not allow it).
    const root = process.getuid?.() === 0;
    if (root && !worldTraversable(process.cwd())) ctx.skip();
    const file = path.join(dir, 'ro.db');
    await openAt(file).close();
    await chmod(file, 0o444);
    await chmod(dir, 0o755);
    const probe = fileURLToPath(new URL('./open-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe, file], {
      ...(root ? { uid: 65534, gid: 65534 } : {}),
      timeout: 15_000,
    });
    expect(stdout).toMatch(/^STATE_STORE .*ro\.db.*readonly.*STATE_DB/s);
  });
});

/** True when every folder from `/` down to `dir` lets other users through (o+x). */
function worldTraversable(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}
