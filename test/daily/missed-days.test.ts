import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import type { DailyService } from '../../src/core/daily/service.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { dailyWorld, memoryLog, recordingPoster } from './helpers.js';

let cleanup: () => Promise<void>;
let answers: AnswerService;
let daily: DailyService;
let store: SqliteStateStore;
const clock = fixedClock('2026-10-30T12:00:00Z');
const tokyo = { platform: 'discord' as const, channelId: 'tokyo' };
const utc = { platform: 'discord' as const, channelId: 'utc' };

beforeEach(async () => {
  clock.set('2026-10-29T12:00:00Z');
  ({ answers, daily, store, cleanup } = await dailyWorld(clock));
});
afterEach(async () => cleanup());

/** One run of the bot: start (with its catch-up), then stop. */
async function runBot(at: string) {
  clock.set(at);
  const log = memoryLog();
  const metrics = new Metrics();
  const posts = recordingPoster();
  const scheduler = new DailyScheduler({
    daily,
    answers,
    poster: posts,
    log,
    platforms: new Set(['discord']),
    metrics,
  });
  const report = await scheduler.start();
  await scheduler.stop();
  const missed = log.lines.filter((l) => l.level === 'warn' && /missed/.test(l.msg)).map((l) => l.obj);
  const counted = await metrics.count(metrics.dailyPosts, { platform: 'discord', outcome: 'missed' });
  return { report, posts, missed, counted };
}

describe('days missed because the bot was down', () => {
  it('logs and counts a day lost across midnight at the next start, and does not post it', async () => {
    await daily.subscribe(utc, { time: '09:00', timeZone: 'UTC' });
    await daily.subscribe(tokyo, { time: '09:00', timeZone: 'Asia/Tokyo' }); // 00:00 UTC
    // Up on the 30th at each post time: both channels get that day's post (or its "nothing today").
    for (const at of ['2026-10-30T00:00:00Z', '2026-10-30T09:00:00Z']) {
      const run = await runBot(at);
      expect(run.report.results.map((r) => r.outcome)).toEqual(['empty']);
      expect(run.missed).toEqual([]);
    }

    // Down from the evening of the 30th until 02:00 UTC on 1 November: the 31st's 09:00 UTC post and its
    // six-hour catch-up pass in the dark. Today's 09:00 UTC has not come yet; Tokyo's 1 November post
    // (00:00 UTC) is two hours late, inside its window, so it goes out now.
    const second = await runBot('2026-11-01T02:00:00Z');
    expect(second.posts.calls.map((c) => [c.target.channelId, c.result.date])).toEqual([
      ['tokyo', '2026-11-01'],
    ]);
    expect(second.missed).toEqual([
      { platform: 'discord', channelId: 'tokyo', localDate: '2026-10-31' },
      { platform: 'discord', channelId: 'utc', localDate: '2026-10-31' },
    ]);
    expect(second.counted).toBe(2);
    // Nothing was written for the missed day: it stays missed, never posted late.
    expect(await store.getPost(utc, '2026-10-31')).toBeUndefined();
    expect(second.report.plan.due.map((d) => d.subscription.channelId)).toEqual(['tokyo']);
  });

  it('does not count days before the subscription began', async () => {
    await daily.subscribe(utc, { time: '09:00', timeZone: 'UTC' });
    const start = await runBot('2026-11-01T02:00:00Z');
    // Subscribed on the 29th at 12:00, after that day's 09:00: only the 30th and 31st were owed.
    expect(start.missed.map((m) => (m as { localDate: string }).localDate)).toEqual([
      '2026-10-30',
      '2026-10-31',
    ]);
    expect(start.counted).toBe(2);
    expect(start.posts.calls).toEqual([]);
  });
});
