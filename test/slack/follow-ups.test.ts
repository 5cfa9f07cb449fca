import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotThreads } from '../../src/adapters/slack/threads.js';
import {
  eventCallback,
  postToBolt,
  type SlackCall,
  STANDIN_BOT_USER_ID,
  STANDIN_CHANNEL_ID,
  STANDIN_USER_ID,
} from '../../standins/slack.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});
afterAll(() => h?.close());

let n = 0;
async function event(ev: Record<string, unknown>): Promise<void> {
  n += 1;
  const ts = `1700000${String(n).padStart(3, '0')}.000100`;
  const res = await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
    json: eventCallback({ event: { user: STANDIN_USER_ID, channel: STANDIN_CHANNEL_ID, ts, ...ev } }),
  });
  expect(res.status).toBe(200);
}

const postedIn = (threadTs: string) => (c: SlackCall) =>
  c.method === 'chat.postMessage' && c.body.thread_ts === threadTs;
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Slack follow-ups in the bot’s thread, without a new mention', () => {
  it('a plain reply in a thread the bot answered in is answered there, leaning on the first question', async () => {
    const root = '1699999001.000100';
    await event({
      type: 'app_mention',
      text: `<@${STANDIN_BOT_USER_ID}> What phones did Xi give Lee?`,
      ts: root,
    });
    await h.standIn.waitFor(postedIn(root));
    const before = h.standIn.calls.filter(postedIn(root)).length;
    await event({ type: 'message', channel_type: 'channel', text: 'and what did Lee say?', thread_ts: root });
    await h.standIn.waitFor(
      (c) => postedIn(root)(c) && h.standIn.calls.filter(postedIn(root)).length > before,
    );
    const answers = h.standIn.calls.filter(postedIn(root));
    const follow = JSON.stringify(answers[answers.length - 1]?.body.blocks);
    expect(follow).toContain('and what did Lee say?');
    expect(follow).toMatch(/Lee/);
  });

  it('leaves alone plain messages outside the bot’s threads, bot posts and edits', async () => {
    const other = '1699999002.000100';
    const seen = h.standIn.calls.length;
    await event({ type: 'message', channel_type: 'channel', text: 'What phones did Xi give Lee?' });
    await event({ type: 'message', channel_type: 'channel', text: 'what phones?', thread_ts: other });
    await event({
      type: 'message',
      channel_type: 'channel',
      text: 'spam',
      thread_ts: other,
      bot_id: 'B0OTHER',
    });
    await event({ type: 'message', subtype: 'message_changed', channel_type: 'channel', thread_ts: other });
    await settle();
    const after = h.standIn.calls.slice(seen).map((c) => c.method);
    expect(after).not.toContain('chat.postMessage');
    expect(after).not.toContain('chat.postEphemeral');
    // The unknown thread was checked once against Slack (the bot had not posted in it).
    expect(after.filter((m) => m === 'conversations.replies')).toHaveLength(1);
  });

  it('after a restart (nothing in memory) the thread is recognised from conversations.replies', async () => {
    const root = '1699999003.000100';
    await event({ type: 'app_mention', text: `<@${STANDIN_BOT_USER_ID}> Who is John Delury?`, ts: root });
    await h.standIn.waitFor(postedIn(root));
    // A fresh replica's memory: empty, so it asks Slack whether the bot posted in the thread.
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: h.standIn.apiUrl,
      retryConfig: { retries: 0 },
    });
    const fresh = new BotThreads();
    const bot = { userId: STANDIN_BOT_USER_ID };
    expect(await fresh.lookup(client, STANDIN_CHANNEL_ID, root, bot)).toBeDefined();
    expect(await fresh.lookup(client, STANDIN_CHANNEL_ID, '1699999004.000100', bot)).toBeUndefined();
  });
});
