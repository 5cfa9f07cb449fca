import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { Outgoing, Surface } from '../../src/pipeline/events.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { BUSY_TIMEOUT_MS, retryBusy } from '../../src/state/sqlite-busy.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { tempDir } from '../daily/helpers.js';
import { testServices } from '../support/services.js';

let file: string;
let cleanup: () => Promise<void>;
let store: SqliteStateStore;
let other: Database.Database;

beforeEach(async () => {
  const place = await tempDir('archivist-lock-');
  cleanup = place.cleanup;
  file = path.join(place.dir, 'state.db');
  store = SqliteStateStore.open(file);
  other = new Database(file);
});
afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await store.close();
  await cleanup();
});

/** Another process's writer: holds the write lock until `ms` have passed, released by a timer. */
function holdLock(ms: number): Promise<void> {
  other.exec('BEGIN EXCLUSIVE');
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec('COMMIT');
      resolve();
    }, ms),
  );
}

/** The longest the event loop went without running a 10 ms ticker, while `work` ran. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ value: T; blockedMs: number }> {
  let last = performance.now();
  let worst = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  try {
    const value = await work();
    worst = Math.max(worst, performance.now() - last - 10);
    return { value, blockedMs: worst };
  } finally {
    clearInterval(ticker);
  }
}

const ref = { platform: 'slack' as const, channelId: 'C1' };
const session = (id: string) => ({
  id,
  question: 'harbour bridge',
  passageIds: ['a#0'],
  offset: 0,
  owner: { platform: 'slack' as const, userId: 'U1' },
  createdAt: new Date('2026-05-01T10:00:00Z'),
  expiresAt: new Date('2026-05-02T10:00:00Z'),
});

describe('SQLite store under a lock held by another connection', () => {
  it('waits out a 3 s lock without blocking the event loop for more than a moment, then writes', async () => {
    const released = holdLock(3_000);
    const started = performance.now();
    const { value, blockedMs } = await longestBlock(async () => {
      await store.saveSession(session('s1'));
      return store.claimPost(ref, '2026-05-01', new Date('2026-05-01T09:00:00Z'));
    });
    await released;
    expect(value).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(blockedMs).toBeLessThan(400);
    expect(await store.getSession('s1', new Date('2026-05-01T11:00:00Z'))).toMatchObject({ id: 's1' });
    expect(await store.getPost(ref, '2026-05-01')).toMatchObject({ status: 'sending' });
  });

  it('gives up cleanly with SQLITE_BUSY when the lock outlasts the retries', async () => {
    const released = holdLock(1_500);
    const raw = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      const insert = raw.prepare('INSERT INTO event_ids (event_id, seen_at) VALUES (?, ?)');
      const { value, blockedMs } = await longestBlock(() =>
        retryBusy(() => insert.run('e1', 1), 600).then(
          () => 'written',
          (err: { code?: string }) => err.code,
        ),
      );
      expect(value).toBe('SQLITE_BUSY');
      expect(blockedMs).toBeLessThan(400);
    } finally {
      raw.close();
      await released;
    }
  });

  it('answers a question within the budget, without buttons, while the session table is locked', async () => {
    const answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
    const pipeline = createPipeline(testServices(answers, { sessions: store }));
    const replies: Array<{ out: Outgoing; afterMs: number }> = [];
    const t0 = performance.now();
    const surface: Surface = {
      defaultVisibility: 'public',
      reply: async (out) => void replies.push({ out, afterMs: performance.now() - t0 }),
      replyPrivately: async () => {},
      refuse: async () => {},
    };
    const ask = (text: string) =>
      pipeline.handle(
        {
          platform: 'slack',
          ref: 'r1',
          user: { id: 'U1', canManageChannel: false },
          channel: { id: 'C1' },
          trigger: { kind: 'text', text },
        },
        surface,
      );
    const released = holdLock(3_000);
    await ask('What phones did Xi give Lee?');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.out.result.kind).toBe('answer');
    expect(replies[0]?.out.sessionId).toBeUndefined();
    // The answer itself takes a few ms; the rest is the bounded wait for the store.
    expect(replies[0]?.afterMs).toBeLessThan(800);
    await released;
    // Once the lock is gone, answers get their buttons again.
    await ask('What phones did Xi give Lee?');
    expect(replies[1]?.out.sessionId).toEqual(expect.any(String));
  });
});
