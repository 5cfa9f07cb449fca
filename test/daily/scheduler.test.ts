import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { cronPattern, DailyScheduler, pausedJob } from '../../src/daily/scheduler.js';
import { dailyWorld, memoryLog, recordingPoster } from './helpers.js';

let cleanup: () => Promise<void>;
let answers: AnswerService;
let daily: DailyService;
let scheduler: DailyScheduler | undefined;
const clock = fixedClock('2026-10-31T12:00:00Z');

beforeEach(async () => {
  clock.set('2026-10-31T12:00:00Z');
  ({ answers, daily, cleanup } = await dailyWorld(clock));
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await cleanup();
});

describe('croner runtime', () => {
  it('turns HH:MM into a fixed-time pattern and computes the next run in the subscriber’s zone', () => {
    expect(cronPattern('07:05')).toBe('5 7 * * *');
    expect(() => cronPattern('7')).toThrow(RangeError);
    const seoul = pausedJob('09:00', 'Asia/Seoul');
    expect(seoul.nextRun(new Date('2026-11-01T00:00:00Z'))?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    const ny = pausedJob('09:00', 'America/New_York');
    // Across the fall-back change on 1 November: 13:00 UTC, then 14:00 UTC.
    expect(ny.nextRuns(2, new Date('2026-10-31T14:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
    seoul.stop();
    ny.stop();
  });

  it('catches up on start, keeps one timer per time and zone, and follows subscription changes', async () => {
    const posts = recordingPoster();
    // Subscribed yesterday; it is now 12:00 UTC, three hours after today's 09:00: catch-up posts.
    clock.set('2026-10-30T12:00:00Z');
    await daily.subscribe({ platform: 'discord', channelId: '1' }, { time: '09:00', timeZone: 'UTC' });
    await daily.subscribe({ platform: 'slack', channelId: 'C1' }, { time: '09:00', timeZone: 'UTC' });
    await daily.subscribe(
      { platform: 'discord', channelId: '2' },
      { time: '07:30', timeZone: 'Asia/Kolkata' },
    );
    clock.set('2026-11-01T12:00:00Z');
    scheduler = new DailyScheduler({
      daily,
      answers,
      poster: posts,
      log: memoryLog(),
      platforms: new Set(['discord', 'slack']),
    });
    const report = await scheduler.start();
    expect(report.results.map((r) => [r.post.subscription.channelId, r.outcome])).toEqual([
      ['1', 'sent'],
      ['C1', 'sent'],
    ]);
    // 07:30 in Kolkata was 02:00 UTC, ten hours ago: past the six-hour catch-up window.
    expect(report.plan.missed.map((m) => m.subscription.channelId)).toEqual(['2']);
    expect(posts.calls.map((c) => c.result.date)).toEqual(['2026-11-01', '2026-11-01']);
    const timers = scheduler.timers().sort((a, b) => a.timeZone.localeCompare(b.timeZone));
    expect(timers.map((t) => `${t.time} ${t.timeZone}`)).toEqual(['07:30 Asia/Kolkata', '09:00 UTC']);
    // India has no DST: 07:30 there is always 02:00 UTC.
    expect(timers[0]?.next?.toISOString().slice(11)).toBe('02:00:00.000Z');
    expect(timers[1]?.next?.toISOString().slice(11)).toBe('09:00:00.000Z');

    await daily.unsubscribe({ platform: 'discord', channelId: '2' });
    await daily.subscribe(
      { platform: 'discord', channelId: '3' },
      { time: '18:45', timeZone: 'Europe/Berlin' },
    );
    expect(
      scheduler
        .timers()
        .map((t) => `${t.time} ${t.timeZone}`)
        .sort(),
    ).toEqual(['09:00 UTC', '18:45 Europe/Berlin']);
    // A second run at the same instant finds nothing left to do.
    expect((await scheduler.runNow()).results).toEqual([]);
    await scheduler.stop();
    expect(scheduler.timers()).toEqual([]);
  });

  it('sets a retry timer after a failure, measured on the injected clock', async () => {
    const posts = recordingPoster();
    posts.fail.add('1');
    clock.set('2026-10-30T12:00:00Z');
    await daily.subscribe({ platform: 'discord', channelId: '1' }, { time: '09:00', timeZone: 'UTC' });
    clock.set('2026-11-01T09:00:00Z');
    scheduler = new DailyScheduler({
      daily,
      answers,
      poster: posts,
      log: memoryLog(),
      platforms: new Set(['discord']),
    });
    const before = Date.now();
    const report = await scheduler.start();
    expect(report.results.map((r) => r.outcome)).toEqual(['failed']);
    const retry = scheduler.retryAt()?.getTime() ?? 0;
    // 15 minutes from now, give or take a second of rounding.
    expect(retry - before).toBeGreaterThan(14 * 60_000);
    expect(retry - before).toBeLessThan(16 * 60_000);
  });

  it('sets no timer when stopped while a slow store is still answering', async () => {
    await daily.subscribe({ platform: 'discord', channelId: '1' }, { time: '09:00', timeZone: 'UTC' });
    // A networked store: the subscriptions arrive only when the test lets them.
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const real = daily.store;
    const slow = new Proxy(real, {
      get(target, key) {
        if (key === 'listSubscriptions') {
          return async () => {
            await gate;
            return target.listSubscriptions();
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const s = new DailyScheduler({
      daily: new DailyService(slow, daily.settings, clock),
      answers,
      poster: recordingPoster(),
      log: memoryLog(),
      platforms: new Set(['discord']),
    });
    const started = s.start();
    await new Promise((r) => setImmediate(r));
    const stopped = s.stop(1000);
    release();
    await stopped;
    await expect(started).resolves.toMatchObject({ results: [] });
    expect(s.timers()).toEqual([]);
    expect(s.retryAt()).toBeNull();
  });
});
