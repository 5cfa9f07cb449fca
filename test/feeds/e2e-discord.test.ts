import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedNotifier } from '../../src/feeds/wiring.js';
import { createLogger } from '../../src/logger.js';
import { callback, type Harness, originalEdit, startHarness } from '../discord/harness.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { makeRig, pollOnce, type Rig } from './helpers.js';

const MANAGE_CHANNELS = String(1n << 4n);
const MANAGE_GUILD = String(1n << 5n);

/** `/feeds` through the real discord.js client against the Discord stand-in, and the pause notice as a real post. */
describe('/feeds on Discord', () => {
  let h: Harness;
  let rig: Rig;
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    rig = await makeRig({
      notify: feedNotifier(() => (h ? [h.platform] : []), createLogger({ level: 'silent' })),
      maxFailures: 2,
    });
    h = await startHarness({ services: { feeds: rig.poller } });
  });
  afterAll(async () => {
    await h?.close();
    await rig?.cleanup();
    await server?.close();
  });

  /** Runs `/feeds <subcommand>` with these permissions; the reply's text, however it was sent. */
  async function feeds(subcommand: string, permissions: string, url?: string): Promise<string> {
    const sent = h.discord.sendSlashCommand({
      name: 'feeds',
      subcommand,
      permissions,
      options: url ? [{ name: 'url', type: 3, value: url }] : [],
    });
    const cb = await callback(h, sent.id);
    if (cb.body?.type === 4) return String(cb.body.data?.content ?? '');
    return String((await originalEdit(h, sent.token)).body?.content ?? '');
  }

  it('needs Manage Server, remembers the channel, and posts the pause notice there', async () => {
    server.set('/feed.xml', { status: 503, body: 'down' });
    const url = server.url('/feed.xml');
    expect(await feeds('add', MANAGE_CHANNELS, url)).toMatch(/Only admins/);
    expect(await rig.store.listFeeds()).toEqual([]);

    expect(await feeds('add', MANAGE_GUILD, url)).toMatch(/Added/);
    expect((await rig.store.getFeed(url))?.addedIn).toEqual({
      platform: 'discord',
      channelId: h.discord.channelId,
    });
    await pollOnce(rig, url);
    await pollOnce(rig, url);
    const post = await h.discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`,
    );
    expect(String(post.body?.content)).toContain('is paused: it failed 2 times in a row (last: HTTP 503)');
    expect(post.body?.allowed_mentions).toMatchObject({ parse: [] });
  });
});
