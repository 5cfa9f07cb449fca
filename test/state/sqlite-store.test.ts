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
import { openStateStore, type SqliteStateStore } from '../../src/state/sqlite-store.js';
import { tempDir } from '../daily/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
const open: SqliteStateStore[] = [];
const openAt = (file: string) => {
  const s = openStateStore(file);
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

describe('SQLite state store: ledger, subscriptions, feedback', () => {
  it('lets exactly one claimant have a (channel, local date), across two handles on one file', async () => {
    const file = path.join(dir, 'state.db');
    const a = openAt(file);
    const b = openAt(file);
    expect(await a.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:00Z'))).toBe(true);
    expect(await b.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:01Z'))).toBe(false);
    expect(await b.getPost(ref, '2026-06-10')).toMatchObject({ status: 'sending', attempts: 1 });
    // A sending row cannot be "retried" either: only a failed one, by whoever saw that exact attempt.
    expect(await b.claimPost(ref, '2026-06-10', t('2026-06-10T09:30:00Z'), 1)).toBe(false);
    await a.finishPost(
      ref,
      '2026-06-10',
      { status: 'failed', error: 'Missing Access' },
      t('2026-06-10T09:00:02Z'),
    );
    // Two retries racing for the same failed attempt: one wins.
    const retries = await Promise.all([
      b.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'), 1),
      a.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'), 1),
    ]);
    expect(retries).toEqual([true, false]);
    await b.finishPost(ref, '2026-06-10', { status: 'sent', items: 2 }, t('2026-06-10T09:15:01Z'));
    expect(await a.getPost(ref, '2026-06-10')).toMatchObject({ status: 'sent', attempts: 2, items: 2 });
    expect((await a.lastPost(ref))?.localDate).toBe('2026-06-10');
    expect(await a.postsSince('2026-06-11')).toEqual([]);
  });

  it('counts failures in a row, disables at the limit, and a success or a new subscribe resets', async () => {
    const s = openAt(path.join(dir, 'state.db'));
    await s.saveSubscription(
      { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' },
      t('2026-06-01T00:00:00Z'),
    );
    expect(await s.recordFailure(ref, 'Missing Access', t('2026-06-10T09:00:00Z'), 3)).toMatchObject({
      failures: 1,
    });
    await s.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'));
    await s.finishPost(ref, '2026-06-10', { status: 'sent', items: 1 }, t('2026-06-10T09:15:00Z'));
    expect((await s.getSubscription(ref))?.failures).toBe(0);
    for (let i = 0; i < 2; i++) await s.recordFailure(ref, 'Unknown Channel', t('2026-06-11T09:00:00Z'), 3);
    expect((await s.getSubscription(ref))?.disabledAt).toBeUndefined();
    const third = await s.recordFailure(ref, 'Unknown Channel', t('2026-06-11T09:30:00Z'), 3);
    expect(third).toMatchObject({
      failures: 3,
      lastError: 'Unknown Channel',
      disabledAt: t('2026-06-11T09:30:00Z'),
    });
    const again = await s.saveSubscription(
      { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' },
      t('2026-06-12T00:00:00Z'),
    );
    expect(again.subscription).toMatchObject({ failures: 0, activeSince: t('2026-06-12T00:00:00Z') });
    expect(again.subscription.disabledAt).toBeUndefined();
    expect(again.previous?.disabledAt).toEqual(t('2026-06-11T09:30:00Z'));
    expect(
      await s.recordFailure({ ...ref, channelId: 'gone' }, 'x', t('2026-06-12T00:00:00Z'), 3),
    ).toBeUndefined();
  });

  it('moves activeSince only when the schedule changes, and returns what a save replaced', async () => {
    const s = openAt(path.join(dir, 'state.db'));
    const input = { ...ref, time: '09:00', timeZone: 'UTC', source: 'config' as const };
    const first = await s.saveSubscription(input, t('2026-06-01T00:00:00Z'));
    expect(first.previous).toBeUndefined();
    const same = await s.saveSubscription(input, t('2026-06-05T00:00:00Z'));
    expect(same.subscription.activeSince).toEqual(t('2026-06-01T00:00:00Z'));
    expect(same.previous).toEqual(first.subscription);
    const byCommand = await s.saveSubscription({ ...input, source: 'command' }, t('2026-06-06T00:00:00Z'));
    expect(byCommand.subscription).toMatchObject({
      source: 'command',
      activeSince: t('2026-06-01T00:00:00Z'),
    });
    const moved = await s.saveSubscription(
      { ...input, source: 'command', time: '10:00' },
      t('2026-06-07T00:00:00Z'),
    );
    expect(moved.subscription.activeSince).toEqual(t('2026-06-07T00:00:00Z'));
    expect(moved.previous?.time).toBe('09:00');
    expect((await s.removeSubscription(ref))?.time).toBe('10:00');
    expect(await s.removeSubscription(ref)).toBeUndefined();
    expect(await s.listSubscriptions()).toEqual([]);
  });

  it('never lets a config save or removal replace a manager’s subscription', async () => {
    const s = openAt(path.join(dir, 'state.db'));
    const mine = { ...ref, time: '07:00', timeZone: 'Asia/Seoul', source: 'command' as const };
    await s.saveSubscription(mine, t('2026-06-01T00:00:00Z'));
    const sync = await s.saveSubscription(
      { ...ref, time: '09:00', timeZone: 'UTC', source: 'config' },
      t('2026-06-02T00:00:00Z'),
    );
    expect(sync.subscription).toMatchObject({ time: '07:00', source: 'command' });
    expect(await s.removeSubscription(ref, 'config')).toBeUndefined();
    expect((await s.getSubscription(ref))?.time).toBe('07:00');
  });

  it('keeps one vote per user per answer: a second click replaces the first', async () => {
    const s = openAt(path.join(dir, 'state.db'));
    const vote = {
      answerId: 'a1',
      platform: 'slack' as const,
      channelId: 'C0GENERAL',
      userId: 'U1',
      question: 'What phones did Xi give Lee?',
      passageIds: ['xi-espionage-joke-explainer#3'],
      vote: 'up' as const,
      at: t('2026-06-10T09:00:00Z'),
    };
    await s.recordFeedback(vote);
    await s.recordFeedback({ ...vote, vote: 'down', at: t('2026-06-10T09:01:00Z') });
    await s.recordFeedback({ ...vote, userId: 'U2' });
    expect(s.feedbackTotals()).toEqual([{ answerId: 'a1', up: 1, down: 1 }]);
  });
});

/** True when every folder from `/` down to `dir` lets other users through (o+x). */
function worldTraversable(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}
