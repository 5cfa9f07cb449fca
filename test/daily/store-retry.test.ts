import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { dailyWorld, memoryLog, recordingPoster } from './helpers.js';

let cleanup: () => Promise<void>;
let answers: AnswerService;
let daily: DailyService;
let store: SqliteStateStore;
let scheduler: DailyScheduler | undefined;
const clock = fixedClock('2026-10-31T12:00:00Z');
const ref = { platform: 'discord' as const, channelId: '1' };

beforeEach(async () => {
  clock.set('2026-10-31T12:00:00Z');
  ({ answers, daily, store, cleanup } = await dailyWorld(clock));
  await daily.subscribe(ref, { time: '09:00', timeZone: 'UTC' });
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await cleanup();
});

/** The real store, except that claiming a post throws the first `failures` times (database locked). */
function failingClaims(failures: number) {
  const calls = { claims: 0 };
  const flaky = new Proxy(store, {
    get(target, key) {
      if (key === 'claimPost') {
        return async (...args: Parameters<SqliteStateStore['claimPost']>) => {
          if (++calls.claims <= failures) {
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          }
          return target.claimPost(...args);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { flaky, calls };
}

function schedulerOn(flaky: SqliteStateStore) {
  const posts = recordingPoster();
  const log = memoryLog();
  const metrics = new Metrics();
  scheduler = new DailyScheduler({
    daily: new DailyService(flaky, daily.settings, clock),
    answers,
    poster: posts,
    log,
    platforms: new Set(['discord']),
    metrics,
    backoffMs: [20, 40, 60],
  });
  return { scheduler, posts, log, metrics };
}

describe('daily posts when the state store fails at post time', () => {
  it('runs again with backoff and posts exactly once when the store recovers', async () => {
    const { flaky, calls } = failingClaims(3);
    const { scheduler, posts, log, metrics } = schedulerOn(flaky);
    clock.set('2026-11-01T09:00:00Z');
    const report = await scheduler.start();
    expect(report.results.map((r) => r.outcome)).toEqual(['error']);
    await vi.waitFor(() => expect(posts.calls).toHaveLength(1), { timeout: 2_000, interval: 10 });
    // Runs after the recovery find the day done.
    await scheduler.runNow();
    await new Promise((r) => setTimeout(r, 150));
    expect(posts.calls.map((c) => c.result.date)).toEqual(['2026-11-01']);
    expect(calls.claims).toBe(4);
    expect(await store.getPost(ref, '2026-11-01')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await metrics.count(metrics.dailyRunsFailed, {})).toBe(3);
    const retries = log.lines.filter((l) => /retrying/.test(l.msg));
    expect(retries.map((l) => l.obj)).toEqual([
      expect.objectContaining({ failures: 1, retryInMs: 20, retryAt: '2026-11-01T09:00:00.020Z' }),
      expect.objectContaining({ failures: 2, retryInMs: 40 }),
      expect.objectContaining({ failures: 3, retryInMs: 60 }),
    ]);
  });

  it('stops retrying once the catch-up window has closed', async () => {
    const { flaky } = failingClaims(Number.POSITIVE_INFINITY);
    const { scheduler, posts, log, metrics } = schedulerOn(flaky);
    clock.set('2026-11-01T09:00:00Z');
    await scheduler.start();
    // Six hours of catch-up go by before the first retry comes round.
    clock.advance(6 * 3_600_000);
    await vi.waitFor(() => expect(log.lines.some((l) => /no more retries/.test(l.msg))).toBe(true), {
      timeout: 2_000,
      interval: 10,
    });
    const failed = await metrics.count(metrics.dailyRunsFailed, {});
    await new Promise((r) => setTimeout(r, 200));
    expect(await metrics.count(metrics.dailyRunsFailed, {})).toBe(failed);
    expect(posts.calls).toEqual([]);
  });
});
