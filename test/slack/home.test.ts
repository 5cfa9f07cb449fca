import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { DailyService } from '../../src/core/daily/service.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import {
  appHomeOpened,
  postToBolt,
  type SlackCall,
  STANDIN_CHANNEL_ID,
  STANDIN_USER_ID,
} from '../../standins/slack.js';
import { tempDir } from '../daily/helpers.js';
import { allText } from './blocks-of.js';
import { bundledAnswers, type Harness, SIGNING_SECRET, startHarness } from './harness.js';

describe('Slack App Home: how to ask, the daily posts, the archive', () => {
  let h: Harness;
  let store: SqliteStateStore;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    store = SqliteStateStore.open(path.join(t.dir, 'archivist.db'));
    const clock = fixedClock('2026-10-31T12:00:00Z');
    const daily = new DailyService(
      store,
      { defaultTime: '09:00', defaultTimeZone: 'UTC', catchupHours: 6, maxFailures: 3, nearestWithinDays: 0 },
      clock,
    );
    await daily.subscribe(
      { platform: 'slack', channelId: STANDIN_CHANNEL_ID },
      { time: '07:30', timeZone: 'Europe/Paris' },
    );
    // Another platform's channel is not this workspace's: it stays off the Home tab.
    await daily.subscribe({ platform: 'discord', channelId: '123456789012345678' }, { time: '08:00' });
    h = await startHarness({ mode: 'http', prefix: 'arc-', services: { daily } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await cleanup?.();
  });

  const open = async (tab: 'home' | 'messages' = 'home') => {
    const res = await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, { json: appHomeOpened({ tab }) });
    expect(res.status).toBe(200);
  };

  it('publishes the Home tab with the commands, the archive’s stats and this workspace’s subscription', async () => {
    await open();
    const call = await h.standIn.waitFor((c) => c.method === 'views.publish');
    expect(call.body.user_id).toBe(STANDIN_USER_ID);
    const view = h.standIn.homeView(STANDIN_USER_ID);
    expect(view?.type).toBe('home');
    expect(view?.blocks.length).toBeLessThanOrEqual(100);
    for (const b of view?.blocks ?? []) expect(b.text?.text?.length ?? 0).toBeLessThanOrEqual(3000);
    const text = allText({ body: { blocks: view?.blocks } } as SlackCall);
    expect(text).toMatch(/Mention me in a channel/);
    expect(text).toMatch(/`\/arc-ask &lt;question&gt; \[private\]/);
    expect(text).toContain('/arc-onthisday');
    const s = (await bundledAnswers()).stats();
    expect(text).toContain(`${s.articles} articles`);
    expect(text).toContain(`${s.passages} passages`);
    expect(text).toMatch(/Newest article: \d+ \w+ \d{4}/);
    expect(text).toContain(`<#${STANDIN_CHANNEL_ID}> at 07:30 (Europe/Paris)`);
    expect(text).toMatch(/ · (no post yet|last post 2026-10-31: sent)/);
    expect(text).not.toContain('123456789012345678');
  });

  it('shows the last post’s status, and ignores the Messages tab', async () => {
    const ref = { platform: 'slack' as const, channelId: STANDIN_CHANNEL_ID };
    const at = new Date('2026-10-31T06:30:00Z');
    expect(await store.claimPost(ref, '2026-10-31', at)).toBe(true);
    await store.finishPost(ref, '2026-10-31', { status: 'sent', items: 2 }, at);
    h.standIn.calls.length = 0;
    await open('messages');
    await open();
    await h.standIn.waitFor((c) => c.method === 'views.publish');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standIn.calls.filter((c) => c.method === 'views.publish')).toHaveLength(1);
    const text = allText({ body: { blocks: h.standIn.homeView(STANDIN_USER_ID)?.blocks } } as SlackCall);
    expect(text).toContain('last post 2026-10-31: sent (2 articles)');
  });
});
