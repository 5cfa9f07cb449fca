import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedNotifier } from '../../src/feeds/wiring.js';
import { createLogger } from '../../src/logger.js';
import { STANDIN_CHANNEL_ID, STANDIN_USER_ID, slashCommandForm } from '../../standins/slack.js';
import { allText } from '../slack/blocks-of.js';
import { type Harness, startHarness } from '../slack/harness.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { makeRig, pollOnce, type Rig } from './helpers.js';

/** `/feeds` through the real Bolt app against the Slack stand-in, and the pause notice as a real post. */
describe('/feeds on Slack', () => {
  let h: Harness;
  let rig: Rig;
  let server: FeedServer;
  let n = 0;

  beforeAll(async () => {
    server = await startFeedServer();
    const silent = createLogger({ level: 'silent' });
    rig = await makeRig({ notify: feedNotifier(() => (h ? [h.slack] : []), silent), maxFailures: 2 });
    h = await startHarness({ mode: 'socket', services: { feeds: rig.poller } });
    await h.standIn.socket.connected;
    h.standIn.setUserInfo('U0ADMIN', { is_admin: true });
  });
  afterAll(async () => {
    await h?.close();
    await rig?.cleanup();
    await server?.close();
  });

  async function slash(text: string, userId = STANDIN_USER_ID): Promise<string> {
    const id = `fd${++n}`;
    const ack = await h.standIn.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({ command: '/feeds', text, userId, responseUrl: h.standIn.responseUrl(id) }),
    );
    if (typeof ack.payload?.text === 'string') return ack.payload.text;
    const reply = await h.standIn.waitFor((c) => c.path === `/response/${id}`);
    return `${reply.body.text ?? ''}\n${allText(reply)}`;
  }

  it('refuses members who are not admins, adds for an admin, and posts the pause notice in that channel', async () => {
    server.set('/feed.xml', { status: 500, body: 'down' });
    const url = server.url('/feed.xml');
    expect(await slash(`add ${url}`)).toMatch(/Only admins/);
    expect(await slash('list')).toMatch(/Only admins/);
    expect(await rig.store.listFeeds()).toEqual([]);

    expect(await slash(`add ${url}`, 'U0ADMIN')).toMatch(/Added/);
    expect((await rig.store.getFeed(url))?.addedIn).toEqual({
      platform: 'slack',
      channelId: STANDIN_CHANNEL_ID,
    });

    h.standIn.calls.length = 0;
    await pollOnce(rig, url);
    await pollOnce(rig, url);
    const post = await h.standIn.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.channel).toBe(STANDIN_CHANNEL_ID);
    expect(String(post.body.text)).toContain(`is paused: it failed 2 times in a row (last: HTTP 500)`);

    const list = await slash('list', 'U0ADMIN');
    expect(list).toContain(url);
    expect(list).toMatch(/last error .*HTTP 500/);
    expect(list).toMatch(/paused since/);
  });
});
