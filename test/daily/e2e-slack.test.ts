import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { platformPoster } from '../../src/daily/wiring.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { STANDIN_CHANNEL_ID, STANDIN_USER_ID, slashCommandForm } from '../../standins/slack.js';
import { allText } from '../slack/blocks-of.js';
import { bundledAnswers, type Harness, startHarness } from '../slack/harness.js';
import { memoryLog, tempDir } from './helpers.js';

const clock = fixedClock('2026-10-31T12:00:00Z');
const ref = { platform: 'slack' as const, channelId: STANDIN_CHANNEL_ID };
const SUBSCRIBED_AT = '2026-10-31T12:00:00Z';

describe('daily posts reach the Slack stand-in as real API calls', () => {
  let h: Harness;
  let store: SqliteStateStore;
  let daily: DailyService;
  let cleanup: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    store = SqliteStateStore.open(path.join(t.dir, 'archivist.db'));
    daily = new DailyService(
      store,
      { defaultTime: '09:00', defaultTimeZone: 'UTC', catchupHours: 6, maxFailures: 3, nearestWithinDays: 0 },
      clock,
    );
    h = await startHarness({ mode: 'socket', services: { daily, feedback: store } });
    await h.standIn.socket.connected;
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await cleanup?.();
  });

  /** Runs `/onthisday <text>`; returns the reply, in the acknowledgement (refusals) or via the response_url. */
  async function slash(text: string, userId = STANDIN_USER_ID): Promise<string> {
    const id = `od${++n}`;
    const ack = await h.standIn.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({ command: '/onthisday', text, userId, responseUrl: h.standIn.responseUrl(id) }),
    );
    if (typeof ack.payload?.text === 'string') return ack.payload.text;
    const reply = await h.standIn.waitFor((c) => c.path === `/response/${id}`);
    return `${reply.body.text ?? ''}\n${allText(reply)}`;
  }

  /** Each test starts from its own subscription, so none depends on another having run. */
  async function subscribed(): Promise<void> {
    clock.set(SUBSCRIBED_AT);
    await daily.subscribe(ref, { time: '07:30', timeZone: 'Europe/Paris' });
  }

  it('refuses a member who is not an admin, then subscribes for an admin', async () => {
    clock.set(SUBSCRIBED_AT);
    await daily.unsubscribe(ref);
    expect(await slash('subscribe time:07:30 timezone:Europe/Paris')).toMatch(
      /You need to be a workspace admin or owner/,
    );
    expect(await store.listSubscriptions()).toEqual([]);
    h.standIn.setUserInfo('U0ADMIN', { is_admin: true });
    expect(await slash('subscribe time:07:30 timezone:Europe/Paris', 'U0ADMIN')).toMatch(
      /every day at 07:30 \(Europe\/Paris\)/,
    );
    expect(await store.getSubscription(ref)).toMatchObject({ time: '07:30', timeZone: 'Europe/Paris' });
  });

  it('the scheduler posts blocks with chat.postMessage once, at 07:30 in Paris', async () => {
    await subscribed();
    h.standIn.calls.length = 0;
    const s = new DailyScheduler({
      daily,
      answers: await bundledAnswers(),
      poster: platformPoster([h.slack]),
      log: memoryLog(),
      platforms: new Set(['slack']),
    });
    try {
      // A year after the refused posts below, so `status` shows this one whichever test runs first.
      clock.set('2027-11-01T06:30:00Z'); // 07:30 in Paris (CET) on 1 November
      const report = await s.start();
      expect(report.results.map((r) => [r.post.localDate, r.outcome])).toEqual([['2027-11-01', 'sent']]);
      const post = await h.standIn.waitFor((c) => c.method === 'chat.postMessage');
      expect(post.headers.authorization).toBe('Bearer xoxb-test');
      expect(post.body.channel).toBe(STANDIN_CHANNEL_ID);
      expect(allText(post)).toMatch(/On this day, 1 Nov/);
      expect(allText(post)).toMatch(/1 Nov 2025 · 2 years ago/);
      clock.set('2027-11-01T09:00:00Z');
      expect((await s.runNow()).results).toEqual([]);
      expect(h.standIn.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    } finally {
      await s.stop();
    }
    expect(await slash('status')).toMatch(/Last post: 2027-11-01, sent \(2 articles\)/);
  });

  it('a channel Slack refuses three times in a row is disabled', async () => {
    await subscribed();
    const s = new DailyScheduler({
      daily,
      answers: await bundledAnswers(),
      poster: platformPoster([h.slack]),
      log: memoryLog(),
      platforms: new Set(['slack']),
    });
    h.standIn.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } }, 3);
    try {
      clock.set('2026-11-01T06:30:00Z');
      expect((await s.start()).results.map((r) => r.outcome)).toEqual(['failed']);
      clock.set('2026-11-01T06:45:00Z');
      expect((await s.runNow()).results.map((r) => r.outcome)).toEqual(['failed']);
      clock.set('2026-11-01T07:00:00Z');
      expect((await s.runNow()).results.map((r) => r.outcome)).toEqual(['disabled']);
      clock.set('2026-11-01T07:15:00Z');
      expect((await s.runNow()).results).toEqual([]);
    } finally {
      await s.stop();
    }
    expect(await store.getSubscription(ref)).toMatchObject({
      failures: 3,
      lastError: expect.stringContaining('channel_not_found'),
    });
    expect(await slash('status')).toMatch(/paused here: 3 failed attempts in a row/);
  });
});
