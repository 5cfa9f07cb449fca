import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { PostgresStateStore } from '../../src/state/postgres-store.js';
import { type PrivatePg, startPrivatePg } from '../support/private-pg.js';
import { eventually } from '../support/spawn-bot.js';
import { answersOver, datedArticles, memoryLog, recordingPoster, tempDir } from './helpers.js';

/**
 * In process, on a PostgreSQL of the test's own that it stops across the post time: the scheduler
 * retries the failed run (connection refused) with backoff and posts once when the server is back.
 * Two schedulers (two "replicas", each with its own pool) run against it, so the retry is also raced.
 */
let db: PrivatePg;
let dir: { dir: string; cleanup: () => Promise<void> };
let answers: AnswerService;
const clock = fixedClock('2026-05-04T08:00:00Z');

beforeAll(async () => {
  db = await startPrivatePg();
  dir = await tempDir();
  answers = await answersOver(dir.dir, clock, datedArticles(['2020-05-04']));
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await dir?.cleanup();
});

it('a database stopped across the post time: the post goes out once when it is back, same day', async () => {
  const settings = {
    defaultTime: '09:00',
    defaultTimeZone: 'UTC',
    catchupHours: 6,
    maxFailures: 3,
    nearestWithinDays: 0,
  };
  const replicas = await Promise.all(
    [0, 1].map(async () => {
      const store = await PostgresStateStore.open(db.url);
      const daily = new DailyService(store, settings, clock);
      const posts = recordingPoster();
      const log = memoryLog();
      const scheduler = new DailyScheduler({
        daily,
        answers,
        poster: posts,
        log,
        platforms: new Set(['slack']),
        backoffMs: [200, 400],
      });
      return { store, daily, posts, log, scheduler };
    }),
  );
  const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
  await a.daily.subscribe({ platform: 'slack', channelId: 'C1' }, { time: '09:00', timeZone: 'UTC' });
  await Promise.all(replicas.map((r) => r.scheduler.start()));
  const posted = () => a.posts.calls.length + b.posts.calls.length;
  expect(posted()).toBe(0);

  await db.stop();
  clock.set('2026-05-04T09:00:05Z');
  const runs = await Promise.allSettled(replicas.map((r) => r.scheduler.runNow()));
  expect(runs.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  // Still down through a few retries, then back.
  await new Promise((r) => setTimeout(r, 900));
  expect(posted()).toBe(0);
  expect(a.log.lines.some((l) => /run failed; retrying/.test(l.msg))).toBe(true);
  await db.start();
  clock.set('2026-05-04T09:03:00Z');
  await eventually(
    () => 'the post after the database came back',
    async () => (posted() > 0 ? true : undefined),
    { timeoutMs: 15_000, everyMs: 100 },
  );
  // Both replicas' retries ran by now or soon; give them time, then there is still one post.
  await new Promise((r) => setTimeout(r, 1_000));
  await Promise.all(replicas.map((r) => r.scheduler.runNow()));
  expect(posted()).toBe(1);
  const [call] = [...a.posts.calls, ...b.posts.calls];
  expect(call?.result.date).toBe('2026-05-04');
  expect(await a.store.getPost({ platform: 'slack', channelId: 'C1' }, '2026-05-04')).toMatchObject({
    status: 'sent',
    attempts: 1,
  });
  for (const r of replicas) {
    await r.scheduler.stop();
    await r.store.close();
  }
}, 60_000);
