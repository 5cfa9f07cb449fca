import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const QUESTION = 'what phones did Xi give Lee?';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Mentions the bot in the channel and waits for its answer in the thread it starts; the thread id. */
async function askInThread(harness: Harness): Promise<string> {
  const { id } = harness.discord.sendMessage({ content: QUESTION, mentionsBot: true });
  await harness.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${id}/messages`);
  return id;
}

const postsTo = (harness: Harness, channel: string) =>
  harness.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Discord follow-ups in the bot’s thread', () => {
  it('with DISCORD_MESSAGE_CONTENT=on, a plain message in the thread is answered there; others are not', async () => {
    h = await startHarness({ env: { DISCORD_MESSAGE_CONTENT: 'on' } });
    const harness = h;
    expect(BigInt(harness.discord.identify.intents) & BigInt(GatewayIntentBits.MessageContent)).not.toBe(0n);
    const thread = await askInThread(harness);
    harness.discord.sendMessage({ content: 'and what did Lee say?', channelId: thread });
    const answer = await harness.discord.waitFor(
      (r) =>
        r.method === 'POST' && r.path === `/channels/${thread}/messages` && /Lee say/.test(r.body.content),
    );
    expect(answer.body.embeds.length).toBeGreaterThan(0);
    // A plain message in the channel itself is nobody's question.
    const before = harness.discord.requests.length;
    harness.discord.sendMessage({ content: QUESTION });
    await settle();
    expect(harness.discord.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('without the intent, says once per thread to mention the bot', async () => {
    h = await startHarness();
    const harness = h;
    expect(BigInt(harness.discord.identify.intents) & BigInt(GatewayIntentBits.MessageContent)).toBe(0n);
    const thread = await askInThread(harness);
    const answered = postsTo(harness, thread).length;
    harness.discord.sendMessage({ content: 'and what did Lee say?', channelId: thread });
    const notice = await harness.discord.waitFor(
      (r) =>
        r.method === 'POST' && r.path === `/channels/${thread}/messages` && /mention me/.test(r.body.content),
    );
    expect(notice.body.content).toContain(`@${harness.discord.botUser.username}`);
    harness.discord.sendMessage({ content: 'anyone?', channelId: thread });
    await settle();
    expect(postsTo(harness, thread).length).toBe(answered + 1);
  });
});
