import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { platformPoster } from '../../src/daily/wiring.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { directReply, type Harness, startHarness } from '../discord/harness.js';
import { memoryLog, tempDir } from './helpers.js';

const MANAGE_CHANNELS = String(1 << 4);
const clock = fixedClock('2026-10-31T12:00:00Z');
const SUBSCRIBED_AT = '2026-10-31T12:00:00Z';

describe('daily posts reach the Discord stand-in as real API calls', () => {
  let h: Harness;
  let store: SqliteStateStore;
  let daily: DailyService;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    store = SqliteStateStore.open(path.join(t.dir, 'var', 'archivist.db'));
    daily = new DailyService(
      store,
      { defaultTime: '09:00', defaultTimeZone: 'UTC', catchupHours: 6, maxFailures: 3, nearestWithinDays: 0 },
      clock,
    );
    h = await startHarness({ services: { daily, feedback: store } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await cleanup?.();
  });

  const subscribe = (permissions: string) =>
    h.discord.sendSlashCommand({
      name: 'onthisday',
      subcommand: 'subscribe',
      permissions,
      options: [
        { name: 'time', type: 3, value: '09:00' },
        { name: 'timezone', type: 3, value: 'Asia/Seoul' },
      ],
    });

  const ref = () => ({ platform: 'discord' as const, channelId: h.discord.channelId });
  /** Each test starts from its own subscription, so none depends on another having run. */
  async function subscribed(): Promise<void> {
    clock.set(SUBSCRIBED_AT);
    await daily.subscribe(ref(), { time: '09:00', timeZone: 'Asia/Seoul' });
  }

  it('refuses /onthisday subscribe without Manage Channels, then subscribes a manager', async () => {
    clock.set(SUBSCRIBED_AT);
    await daily.unsubscribe(ref());
    // Errors are shown to the user only: a private reply.
    const refused = await directReply(h, subscribe('0').id);
    expect(refused.body.flags & 64).toBe(64);
    expect(JSON.stringify(refused.body)).toMatch(/You need the Manage Channels permission/);
    expect(await store.listSubscriptions()).toEqual([]);

    const ok = await directReply(h, subscribe(MANAGE_CHANNELS).id);
    expect(ok.body.content).toMatch(/every day at 09:00 \(Asia\/Seoul\)/);
    expect(
      await store.getSubscription({ platform: 'discord', channelId: h.discord.channelId }),
    ).toMatchObject({
      time: '09:00',
      timeZone: 'Asia/Seoul',
      source: 'command',
    });
  });

  it('the scheduler posts the day’s stories to the channel once, at 09:00 in Seoul', async () => {
    await subscribed();
    h.discord.requests.length = 0;
    const scheduler = new DailyScheduler({
      daily,
      answers: h.answers,
      poster: platformPoster([h.platform]),
      log: memoryLog(),
      platforms: new Set(['discord']),
    });
    try {
      // A year after the refused post below, so `status` shows this one whichever test runs first.
      clock.set('2027-10-31T23:59:00Z'); // 08:59 on 1 November in Seoul
      expect((await scheduler.start()).results).toEqual([]);
      clock.set('2027-11-01T00:00:00Z');
      const report = await scheduler.runNow();
      expect(report.results.map((r) => [r.post.localDate, r.outcome])).toEqual([['2027-11-01', 'sent']]);
      const posts = h.discord.requests.filter(
        (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`,
      );
      expect(posts).toHaveLength(1);
      expect(posts[0]?.status).toBe(200);
      expect(posts[0]?.body.content).toContain('On this day, 1 Nov');
      expect(posts[0]?.body.embeds[0].author.name).toMatch(/1 Nov 2025 · 2 years ago/);
      // A later run the same day sends nothing more.
      clock.set('2027-11-01T03:00:00Z');
      expect((await scheduler.runNow()).results).toEqual([]);
    } finally {
      await scheduler.stop();
    }
    const status = h.discord.sendSlashCommand({ name: 'onthisday', subcommand: 'status' });
    expect((await directReply(h, status.id)).body.content).toMatch(
      /Last post: 2027-11-01, sent \(2 articles\)/,
    );
  });

  it('a refused post is recorded with Discord’s error code and counted', async () => {
    await subscribed();
    const scheduler = new DailyScheduler({
      daily,
      answers: h.answers,
      poster: platformPoster([h.platform]),
      log: memoryLog(),
      platforms: new Set(['discord']),
    });
    // 1 November, when the channel does not let the bot write.
    clock.set('2026-11-01T00:00:00Z');
    h.discord.failNext(
      (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`,
      403,
      { code: 50013, message: 'Missing Permissions' },
    );
    try {
      const report = await scheduler.start();
      expect(report.results.map((r) => r.outcome)).toEqual(['failed']);
    } finally {
      await scheduler.stop();
    }
    expect(await store.getPost(ref(), '2026-11-01')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await store.getPost(ref(), '2026-11-01'))?.error).toMatch(/Missing Permissions \(code 50013\)/);
    expect((await store.getSubscription(ref()))?.failures).toBe(1);
  });
});
