import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import { type DeliveryDeps, deliverDue, logStartupFindings } from '../../src/core/daily/deliver.js';
import { DailyService, type DailySettings } from '../../src/core/daily/service.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { ARTICLES, answersOver, datedArticles, memoryLog, recordingPoster, tempDir } from './helpers.js';

const SETTINGS: DailySettings = {
  defaultTime: '09:00',
  defaultTimeZone: 'UTC',
  catchupHours: 6,
  maxFailures: 3,
  nearestWithinDays: 0,
};

// Stories on every day of the simulated weeks, a year or more earlier.
const DAYS = [
  ...['06', '07', '08', '09', '10', '11', '12', '13'].map((d) => `2025-03-${d}`),
  ...['09', '10', '11', '12'].map((d) => `2024-06-${d}`),
];

let dir: string;
let cleanup: () => Promise<void>;
let answers: AnswerService;
const stores: SqliteStateStore[] = [];
const clock = fixedClock('2026-01-01T00:00:00Z');

/** A "process": its own handle on the state file, its own service and delivery deps. */
function boot(poster = recordingPoster(), settings = SETTINGS, find?: DeliveryDeps['find']) {
  const store = SqliteStateStore.open(path.join(dir, 'var', 'archivist.db'));
  stores.push(store);
  const daily = new DailyService(store, settings, clock);
  const log = memoryLog();
  const deps: DeliveryDeps = {
    store,
    answers,
    poster,
    ...(find ? { find } : {}),
    clock,
    log,
    due: daily.dueOptions(),
    maxFailures: settings.maxFailures,
    nearestWithinDays: settings.nearestWithinDays,
  };
  const run = (iso?: string) => {
    if (iso) clock.set(iso);
    return deliverDue(deps, clock.now());
  };
  return { store, daily, log, poster, deps, run };
}

const ch = (channelId: string, platform: 'discord' | 'slack' = 'discord') => ({ platform, channelId });

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  answers = await answersOver(dir, clock, { ...ARTICLES, ...datedArticles(DAYS) });
  clock.set('2026-01-01T00:00:00Z');
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  await cleanup();
});

describe('daily delivery against a real SQLite file', () => {
  it('posts once per channel per local day in several zones across the US DST change', async () => {
    const p = boot();
    await p.daily.subscribe(ch('ny'), { time: '02:30', timeZone: 'America/New_York' });
    await p.daily.subscribe(ch('london'), { time: '09:00', timeZone: 'Europe/London' });
    await p.daily.subscribe(ch('C0SEOUL', 'slack'), { time: '07:00', timeZone: 'Asia/Seoul' });
    // Every 5 minutes from 7 to 10 March, as timers and restarts might call it.
    for (let t = Date.parse('2026-03-07T00:00:00Z'); t < Date.parse('2026-03-10T00:00:00Z'); t += 300_000) {
      await p.run(new Date(t).toISOString());
    }
    const sent = p.poster.calls.map((c) => `${c.target.channelId} ${c.result.date}`);
    expect(sent.filter((s) => s.startsWith('ny '))).toEqual([
      'ny 2026-03-07',
      'ny 2026-03-08',
      'ny 2026-03-09',
    ]);
    expect(sent.filter((s) => s.startsWith('london '))).toEqual([
      'london 2026-03-07',
      'london 2026-03-08',
      'london 2026-03-09',
    ]);
    expect(sent.filter((s) => s.startsWith('C0SEOUL '))).toEqual([
      'C0SEOUL 2026-03-07',
      'C0SEOUL 2026-03-08',
      'C0SEOUL 2026-03-09',
      'C0SEOUL 2026-03-10', // 07:00 in Seoul on the 10th is 22:00 UTC on the 9th
    ]);
    // The post is that local day's: the stories are from the same month and day a year earlier.
    for (const c of p.poster.calls) {
      expect(c.result.items[0]?.date.slice(5)).toBe(c.result.date.slice(5));
      expect(c.result.items[0]?.yearsAgo).toBe(1);
    }
    // On the spring-forward day the 02:30 post went when the clock jumped to 03:00 EDT.
    expect((await p.store.getPost(ch('ny'), '2026-03-08'))?.claimedAt.toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('a restart in the middle of the day neither re-posts nor misses', async () => {
    const a = boot();
    await a.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'Europe/Paris' }); // 08:00Z before DST
    clock.set('2026-03-10T07:59:00Z');
    await a.run();
    expect(a.poster.calls).toHaveLength(0);
    await a.run('2026-03-10T08:00:00Z');
    expect(a.poster.calls).toHaveLength(1);
    await a.store.close();

    const b = boot(); // restart at noon
    const report = await b.run('2026-03-10T12:00:00Z');
    expect(report.results).toEqual([]);
    expect(b.poster.calls).toHaveLength(0);
    await b.run('2026-03-11T08:00:00Z');
    expect(b.poster.calls.map((c) => c.result.date)).toEqual(['2026-03-11']);
  });

  it('catches up after downtime the same local day, within the window, and says when it cannot', async () => {
    const a = boot();
    await a.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'Asia/Tokyo' }); // 00:00Z
    await a.store.close();
    // Down from before 09:00 Tokyo until 03:30Z (12:30 there): the post goes out on start.
    const b = boot();
    await b.run('2026-03-10T03:30:00Z');
    expect(b.poster.calls.map((c) => c.result.date)).toEqual(['2026-03-10']);
    // A second start right after finds it done.
    const c = boot();
    await c.run('2026-03-10T03:31:00Z');
    expect(c.poster.calls).toHaveLength(0);
    // Down all of the next morning past the 6-hour window: nothing, and a warning.
    const d = boot();
    const report = await d.run('2026-03-11T07:00:00Z');
    expect(d.poster.calls).toHaveLength(0);
    logStartupFindings(report.plan, d.log);
    expect(d.log.lines.some((l) => l.level === 'warn' && /missed/.test(l.msg))).toBe(true);
  });

  it('a crash mid-send: after the lease one process looks in the channel, and sends only if it is not there', async () => {
    // The "channel": keys of posts that arrived. The first process dies before its post arrives.
    const channel = new Set<string>();
    const find: DeliveryDeps['find'] = async (_t, key) => channel.has(key);
    const dying = Object.assign(async () => new Promise<void>(() => {}), {
      calls: [],
      fail: new Set<string>(),
    });
    const a = boot(dying as unknown as ReturnType<typeof recordingPoster>, SETTINGS, find);
    await a.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'UTC' });
    void a.run('2026-03-10T09:00:00Z');
    await new Promise((r) => setTimeout(r, 50));
    const b = boot(undefined, SETTINGS, find); // the restarted process, same file
    // Within the lease (default 10 min) the sender may be alive: nothing is done.
    expect((await b.run('2026-03-10T09:05:00Z')).results).toEqual([]);
    const report = await b.run('2026-03-10T09:20:00Z');
    expect(report.results.map((r) => r.outcome)).toEqual(['sent']);
    expect(b.poster.calls.map((c) => c.target.channelId)).toEqual(['c1']);
    expect((await b.daily.status(ch('c1'))).last).toMatchObject({ status: 'sent', attempts: 2 });
    // Later runs, or a second process, find nothing left to do.
    const c = boot(undefined, SETTINGS, find);
    expect((await c.run('2026-03-10T09:40:00Z')).results).toEqual([]);
    expect(c.poster.calls).toHaveLength(0);
  });

  it('a crash after the post arrived: reconciled as sent, never sent twice', async () => {
    const arrived = new Set<string>();
    const find: DeliveryDeps['find'] = async (_t, key) => arrived.has(key);
    const dying = Object.assign(
      async (_t: unknown, _r: unknown, post?: { key: string }) => {
        arrived.add(post?.key ?? '');
        await new Promise(() => {});
      },
      { calls: [], fail: new Set<string>() },
    );
    const a = boot(dying as unknown as ReturnType<typeof recordingPoster>, SETTINGS, find);
    await a.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'UTC' });
    void a.run('2026-03-10T09:00:00Z');
    await new Promise((r) => setTimeout(r, 50));
    const [b, c] = [boot(undefined, SETTINGS, find), boot(undefined, SETTINGS, find)];
    const [rb, rc] = await Promise.all([b.run('2026-03-10T09:20:00Z'), c.run()]);
    expect([...rb.results, ...rc.results].map((r) => r.outcome).sort()).toEqual(['sent', 'taken']);
    expect(b.poster.calls.length + c.poster.calls.length).toBe(0);
    expect((await b.daily.status(ch('c1'))).last).toMatchObject({ status: 'sent', attempts: 2 });
    // Past the window a row still `sending` is only reported.
    const d = boot();
    clock.set('2026-03-10T08:00:00Z');
    await d.store.claimPost(ch('c9'), '2026-03-10', new Date('2026-03-10T09:00:00Z'));
    await d.daily.subscribe(ch('c9'), { time: '09:00', timeZone: 'UTC' });
    const late = await d.run('2026-03-10T16:00:00Z');
    logStartupFindings(late.plan, d.log);
    expect(d.log.lines.find((l) => /interrupted mid-send/.test(l.msg))?.level).toBe('warn');
  });

  it('two processes starting at once post once', async () => {
    const a = boot();
    await a.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'UTC' });
    const b = boot();
    const [ra, rb] = await Promise.all([a.run('2026-03-10T10:00:00Z'), b.run()]);
    expect(a.poster.calls.length + b.poster.calls.length).toBe(1);
    // Both planned the post before either claimed it: the ledger let one through.
    expect([...ra.results, ...rb.results].map((r) => r.outcome).sort()).toEqual(['sent', 'taken']);
  });

  it('retries a refused post, disables the channel after repeated failures, and a success resets the count', async () => {
    const p = boot();
    await p.daily.subscribe(ch('gone'), { time: '09:00', timeZone: 'UTC' });
    await p.daily.subscribe(ch('ok'), { time: '09:00', timeZone: 'UTC' });
    p.poster.fail.add('gone');
    for (let t = Date.parse('2026-03-10T09:00:00Z'); t < Date.parse('2026-03-12T12:00:00Z'); t += 300_000) {
      await p.run(new Date(t).toISOString());
    }
    const gone = await p.store.getSubscription(ch('gone'));
    expect(gone).toMatchObject({ failures: 3, lastError: '50001: Missing Access' });
    expect(gone?.disabledAt?.toISOString()).toBe('2026-03-10T09:30:00.000Z');
    expect(await p.store.getPost(ch('gone'), '2026-03-10')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await p.store.getPost(ch('gone'), '2026-03-11')).toBeUndefined();
    expect(p.log.lines.filter((l) => l.level === 'error' && /disabled/.test(l.msg))).toHaveLength(1);
    expect(p.poster.calls.map((c) => `${c.target.channelId} ${c.result.date}`)).toEqual([
      'ok 2026-03-10',
      'ok 2026-03-11',
      'ok 2026-03-12',
    ]);

    // Someone fixes the permission and subscribes again: back on from the next day, count at zero.
    p.poster.fail.delete('gone');
    clock.set('2026-03-12T12:00:00Z');
    const again = await p.daily.subscribe(ch('gone'), {});
    expect(again).toMatchObject({ change: 'updated', subscription: { failures: 0 } });
    p.poster.fail.add('gone');
    await p.run('2026-03-13T09:00:00Z');
    expect((await p.store.getSubscription(ch('gone')))?.failures).toBe(1);
    p.poster.fail.delete('gone');
    await p.run('2026-03-13T09:15:00Z');
    expect(await p.store.getSubscription(ch('gone'))).toMatchObject({ failures: 0 });
    expect(await p.store.getPost(ch('gone'), '2026-03-13')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('posts nothing on an empty day by default, and the labelled nearest anniversary when set', async () => {
    const quiet = boot();
    await quiet.daily.subscribe(ch('c1'), { time: '09:00', timeZone: 'UTC' });
    await quiet.run('2026-11-05T09:00:00Z');
    expect(quiet.poster.calls).toHaveLength(0);
    expect((await quiet.store.getPost(ch('c1'), '2026-11-05'))?.status).toBe('empty');

    const near = boot(recordingPoster(), { ...SETTINGS, nearestWithinDays: 3 });
    await near.run('2026-11-06T09:00:00Z');
    expect(near.poster.calls[0]?.result).toMatchObject({
      date: '2026-11-06',
      nearest: { date: '2026-11-03', daysAway: -3 },
    });
  });

  it('posts 29 February stories on 28 February in a common year', async () => {
    const p = boot();
    await p.daily.subscribe(ch('c1'), { time: '08:00', timeZone: 'Europe/Berlin' });
    await p.run('2027-02-28T07:00:00Z');
    const r = p.poster.calls[0]?.result;
    expect(r?.date).toBe('2027-02-28');
    expect(r?.items.map((i) => [i.date, i.yearsAgo])).toEqual([
      ['2024-02-29', 3],
      ['2020-02-29', 7],
    ]);
  });

  it('leaves subscriptions of a platform that is not running alone', async () => {
    const p = boot();
    await p.daily.subscribe(ch('C0X', 'slack'), { time: '09:00', timeZone: 'UTC' });
    p.deps.due = p.daily.dueOptions(new Set(['discord']));
    await p.run('2026-03-10T09:00:00Z');
    expect(p.poster.calls).toHaveLength(0);
    expect(await p.store.getPost(ch('C0X', 'slack'), '2026-03-10')).toBeUndefined();
    expect((await p.store.getSubscription(ch('C0X', 'slack')))?.failures).toBe(0);
  });
});
